#pragma once
// Object storage for invoice files and export reports: an S3 bucket (libcurl, SigV4) or a local
// directory, chosen by the storage.* configuration. Every call has a deadline (storage.timeout);
// blocking work (curl, file I/O) runs on the blocking pool the store was given, never on an I/O
// thread. Keys are validated (object_key.h): "exports/<id>.xlsx", "invoices/<id>.pdf".
//
// Errors: a missing object is AppError NotFound (OBJECT_NOT_FOUND); an unreachable or failing
// server is Unavailable; a missed deadline is Timeout.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace bh::storage {

inline constexpr const char* kObjectNotFound = "OBJECT_NOT_FOUND";

class ObjectStore {
  public:
    virtual ~ObjectStore() = default;

    // Creates the bucket or directory when missing (idempotent); called at service start.
    virtual boost::asio::awaitable<void> ensure_ready() = 0;
    // Stores `bytes` under `key`, replacing any object there.
    virtual boost::asio::awaitable<void> put(std::string key, std::string bytes,
                                             std::string content_type) = 0;
    // Streams a file (big objects: exports) without loading it in memory.
    virtual boost::asio::awaitable<void> put_file(std::string key, std::filesystem::path file,
                                                  std::string content_type) = 0;
    // The whole object; an object larger than `max_bytes` is refused (AppError PayloadTooLarge).
    virtual boost::asio::awaitable<std::string> get(std::string key, std::size_t max_bytes) = 0;
    // Streams the object into `file` (created or truncated).
    virtual boost::asio::awaitable<void> get_to_file(std::string key, std::filesystem::path file) = 0;
    // Deletes the object; deleting a missing object is not an error.
    virtual boost::asio::awaitable<void> remove(std::string key) = 0;
    // A URL anyone can GET the object with until `ttl` passes (S3 query signing); nullopt for a
    // store that serves nothing (the local directory).
    virtual std::optional<std::string> presigned_get_url(std::string_view key,
                                                         std::chrono::seconds ttl) const = 0;
    // "s3" or "local" (logs, readiness).
    virtual std::string_view backend() const = 0;
};

}  // namespace bh::storage
