#pragma once
// ObjectStore on an S3 bucket (AWS, versitygw, MinIO, ...): path-style URLs
// (<endpoint>/<bucket>/<key>), requests signed by libcurl (CURLOPT_AWS_SIGV4), presigned GET URLs
// signed here (s3_signing.h) for the public endpoint.
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <string>

#include "storage/object_store.h"

namespace bh::storage {

struct S3Options {
    std::string endpoint;         // "http://127.0.0.1:9000" (no path)
    std::string public_endpoint;  // what presigned URLs use; empty = endpoint
    std::string region = "eu-west-3";
    std::string bucket;
    std::string access_key;
    std::string secret_key;
    std::chrono::milliseconds timeout{30'000};            // small objects, metadata calls
    std::chrono::milliseconds transfer_timeout{300'000};  // file uploads and downloads
    std::chrono::milliseconds connect_timeout{5'000};
};

class S3Store final : public ObjectStore {
  public:
    // Blocking curl calls run on `blocking` (the runtime's blocking pool), which must outlive this.
    S3Store(S3Options options, boost::asio::thread_pool& blocking);

    boost::asio::awaitable<void> ensure_ready() override;
    boost::asio::awaitable<void> put(std::string key, std::string bytes, std::string content_type) override;
    boost::asio::awaitable<void> put_file(std::string key, std::filesystem::path file,
                                          std::string content_type) override;
    boost::asio::awaitable<std::string> get(std::string key, std::size_t max_bytes) override;
    boost::asio::awaitable<void> get_to_file(std::string key, std::filesystem::path file) override;
    boost::asio::awaitable<void> remove(std::string key) override;
    std::optional<std::string> presigned_get_url(std::string_view key,
                                                 std::chrono::seconds ttl) const override;
    std::string_view backend() const override { return "s3"; }

  private:
    struct Blocking;  // the synchronous operations, run on the pool
    S3Options options_;
    boost::asio::thread_pool& blocking_;
};

}  // namespace bh::storage
