#pragma once
// ObjectStore on a local directory (development, single-host installs): key "a/b.pdf" is the file
// <root>/a/b.pdf. Writes go to a temporary file renamed into place, so a reader never sees half an
// object. It serves nothing over HTTP: presigned_get_url() is nullopt (mail the file instead).
#include <boost/asio/thread_pool.hpp>
#include <filesystem>

#include "storage/object_store.h"

namespace bh::storage {

class LocalStore final : public ObjectStore {
  public:
    // File work runs on `blocking` (the runtime's blocking pool), which must outlive this.
    LocalStore(std::filesystem::path root, boost::asio::thread_pool& blocking);

    boost::asio::awaitable<void> ensure_ready() override;
    boost::asio::awaitable<void> put(std::string key, std::string bytes, std::string content_type) override;
    boost::asio::awaitable<void> put_file(std::string key, std::filesystem::path file,
                                          std::string content_type) override;
    boost::asio::awaitable<std::string> get(std::string key, std::size_t max_bytes) override;
    boost::asio::awaitable<void> get_to_file(std::string key, std::filesystem::path file) override;
    boost::asio::awaitable<void> remove(std::string key) override;
    std::optional<std::string> presigned_get_url(std::string_view key,
                                                 std::chrono::seconds ttl) const override;
    std::string_view backend() const override { return "local"; }

  private:
    std::filesystem::path path_of(std::string_view key) const;

    std::filesystem::path root_;
    boost::asio::thread_pool& blocking_;
};

}  // namespace bh::storage
