// The storage.* settings, declared next to the factory that builds the store from them.
#include "storage/store_factory.h"

#include "storage/local_store.h"

namespace bh::storage {

using namespace std::chrono_literals;

namespace {

const settings::Declaration<S3Options>& s3_settings() {
    using S = S3Options;
    static const auto declaration =
        settings::Declaration<S>()
            .text(&S::endpoint, "storage.endpoint", "http://127.0.0.1:9000",
                  "S3 endpoint the services call (scheme, host, port; path-style bucket URLs)")
            .text(&S::public_endpoint, "storage.public_endpoint", "",
                  "S3 endpoint written into presigned download links (mailed to users); empty = "
                  "storage.endpoint")
            .text(&S::region, "storage.region", "eu-west-3", "S3 region (part of the SigV4 signature)")
            .text(&S::bucket, "storage.bucket", "budgethub", "S3 bucket; created at start when missing")
            .text(&S::access_key, "storage.access_key", "", "S3 access key id")
            .text(&S::secret_key, "storage.secret_key", "", "S3 secret access key", {.secret = true})
            .duration(&S::timeout, "storage.timeout", "30s",
                      "Deadline of one S3 call on a small object (invoice files)", {.min = 100ms, .max = 1h})
            .duration(&S::transfer_timeout, "storage.transfer_timeout", "5m",
                      "Deadline of one S3 upload or download of a file (export reports)",
                      {.min = 1s, .max = 24h})
            .duration(&S::connect_timeout, "storage.connect_timeout", "5s",
                      "Deadline of the TCP/TLS connection to S3", {.min = 100ms, .max = 60s});
    return declaration;
}

}  // namespace

const settings::Declaration<StorageSettings>& storage_settings() {
    using S = StorageSettings;
    static const auto declaration =
        settings::Declaration<S>()
            .text(&S::backend, "storage.backend", "local",
                  "s3: an S3 bucket (AWS, versitygw, MinIO); local: a directory (storage.local_dir)",
                  {.choices = {"s3", "local"}})
            .nested(&S::s3, s3_settings())
            .text(&S::local_dir, "storage.local_dir", "var/objects", "Directory of the local backend");
    return declaration;
}

std::unique_ptr<ObjectStore> make_object_store(const StorageSettings& settings,
                                               boost::asio::thread_pool& blocking) {
    if (settings.backend == "local") return std::make_unique<LocalStore>(settings.local_dir, blocking);
    return std::make_unique<S3Store>(settings.s3, blocking);
}

}  // namespace bh::storage
