// Configuration keys of the storage area (see core/config_keys.h): where invoice files and export
// reports are kept (storage/store_factory.cpp).
#include "core/config_keys.h"

namespace bh {

namespace {
using T = ConfigType;
constexpr std::int64_t kSecond = 1000;
constexpr std::int64_t kHour = 3600 * kSecond;
}  // namespace

std::vector<ConfigKey> storage_config_keys() {
    return {
        {"storage.backend",
         T::String,
         "local",
         "s3: an S3 bucket (AWS, versitygw, MinIO); local: a directory (storage.local_dir)",
         false,
         0,
         0,
         {"s3", "local"}},
        {"storage.endpoint", T::String, "http://127.0.0.1:9000",
         "S3 endpoint the services call (scheme, host, port; path-style bucket URLs)"},
        {"storage.public_endpoint", T::String, "",
         "S3 endpoint written into presigned download links (mailed to users); empty = storage.endpoint"},
        {"storage.region", T::String, "eu-west-3", "S3 region (part of the SigV4 signature)"},
        {"storage.bucket", T::String, "budgethub", "S3 bucket; created at start when missing"},
        {"storage.access_key", T::String, "", "S3 access key id"},
        {"storage.secret_key", T::String, "", "S3 secret access key", true},
        {"storage.local_dir", T::String, "var/objects", "Directory of the local backend"},
        {"storage.timeout", T::DurationMs, "30s", "Deadline of one S3 call on a small object (invoice files)",
         false, 100, kHour},
        {"storage.transfer_timeout", T::DurationMs, "5m",
         "Deadline of one S3 upload or download of a file (export reports)", false, kSecond, 24 * kHour},
        {"storage.connect_timeout", T::DurationMs, "5s", "Deadline of the TCP/TLS connection to S3", false,
         100, 60 * kSecond},
    };
}

}  // namespace bh
