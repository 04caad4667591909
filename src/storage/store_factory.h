#pragma once
// Builds the configured ObjectStore from the storage.* keys.
#include <boost/asio/thread_pool.hpp>
#include <memory>

#include "core/config.h"
#include "storage/object_store.h"

namespace bh::storage {

std::unique_ptr<ObjectStore> make_object_store(const Config& config, boost::asio::thread_pool& blocking);

}  // namespace bh::storage
