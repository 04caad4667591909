#include "storage/store_factory.h"

#include "storage/local_store.h"
#include "storage/s3_store.h"

namespace bh::storage {

std::unique_ptr<ObjectStore> make_object_store(const Config& config, boost::asio::thread_pool& blocking) {
    if (config.get_string("storage.backend") == "local") {
        return std::make_unique<LocalStore>(config.get_string("storage.local_dir"), blocking);
    }
    S3Options options;
    options.endpoint = config.get_string("storage.endpoint");
    options.public_endpoint = config.get_string("storage.public_endpoint");
    options.region = config.get_string("storage.region");
    options.bucket = config.get_string("storage.bucket");
    options.access_key = config.get_string("storage.access_key");
    options.secret_key = config.get_string("storage.secret_key");
    options.timeout = config.get_duration("storage.timeout");
    options.transfer_timeout = config.get_duration("storage.transfer_timeout");
    options.connect_timeout = config.get_duration("storage.connect_timeout");
    return std::make_unique<S3Store>(std::move(options), blocking);
}

}  // namespace bh::storage
