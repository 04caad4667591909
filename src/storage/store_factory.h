#pragma once
// The storage.* settings (declared in store_factory.cpp) and the ObjectStore they configure: an S3
// bucket or a local directory.
#include <boost/asio/thread_pool.hpp>
#include <memory>
#include <string>

#include "core/settings.h"
#include "storage/object_store.h"
#include "storage/s3_store.h"

namespace bh::storage {

struct StorageSettings {
    std::string backend;  // s3 | local
    std::string local_dir;
    S3Options s3;
};

const settings::Declaration<StorageSettings>& storage_settings();

std::unique_ptr<ObjectStore> make_object_store(const StorageSettings& settings,
                                               boost::asio::thread_pool& blocking);

}  // namespace bh::storage
