#include "storage/local_store.h"

#include <atomic>
#include <fstream>
#include <iterator>
#include <system_error>

#include "core/error.h"
#include "core/uuid.h"
#include "runtime/offload.h"
#include "storage/object_key.h"

namespace bh::storage {

namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& what, const fs::path& path, const std::error_code& error) {
    throw internal("local object store: " + what + " " + path.string() + ": " + error.message());
}

[[noreturn]] void not_found(const std::string& key) {
    throw AppError(ErrorKind::NotFound, kObjectNotFound, "Stored file not found", "local object " + key);
}

// Writes through `write(temporary)` then renames over `target`.
template <class Write>
void replace_atomically(const fs::path& target, Write write) {
    std::error_code error;
    fs::create_directories(target.parent_path(), error);
    if (error) fail("mkdir", target.parent_path(), error);
    // Built by appending: g++ 12 -O3 reports a false -Wrestrict on "." + std::string&&.
    std::string name(".");
    name.append(target.filename().string()).append(".").append(Uuid::v7().to_string()).append(".part");
    const fs::path temporary = target.parent_path() / name;
    try {
        write(temporary);
    } catch (...) {
        fs::remove(temporary, error);
        throw;
    }
    fs::rename(temporary, target, error);
    if (error) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        fail("rename", target, error);
    }
}

}  // namespace

LocalStore::LocalStore(fs::path root, asio::thread_pool& blocking)
    : root_(std::move(root)), blocking_(blocking) {
    if (root_.empty()) throw std::invalid_argument("local object store: a directory is required");
}

fs::path LocalStore::path_of(std::string_view key) const {
    require_valid_object_key(key);  // no "..", no absolute path: always under root_
    return root_ / fs::path(key);
}

asio::awaitable<void> LocalStore::ensure_ready() {
    // A named lambda: g++ 12 destroys a temporary in a co_await expression twice.
    auto work = [this] {
        std::error_code error;
        fs::create_directories(root_, error);
        if (error) fail("mkdir", root_, error);
        return true;
    };
    co_await runtime::offload<bool>(blocking_, std::move(work));
}

asio::awaitable<void> LocalStore::put(std::string key, std::string bytes, std::string /*content_type*/) {
    const fs::path target = path_of(key);
    // A named lambda: g++ 12 destroys a temporary in a co_await expression twice.
    auto work = [target, bytes = std::move(bytes)] {
        replace_atomically(target, [&bytes](const fs::path& temporary) {
            std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
            out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
            out.flush();
            if (!out) fail("write", temporary, std::make_error_code(std::errc::io_error));
        });
        return true;
    };
    co_await runtime::offload<bool>(blocking_, std::move(work));
}

asio::awaitable<void> LocalStore::put_file(std::string key, fs::path file, std::string /*content_type*/) {
    const fs::path target = path_of(key);
    // A named lambda: g++ 12 destroys a temporary in a co_await expression twice.
    auto work = [target, file = std::move(file)] {
        replace_atomically(target, [&file](const fs::path& temporary) {
            std::error_code error;
            fs::copy_file(file, temporary, fs::copy_options::overwrite_existing, error);
            if (error) fail("copy", file, error);
        });
        return true;
    };
    co_await runtime::offload<bool>(blocking_, std::move(work));
}

asio::awaitable<std::string> LocalStore::get(std::string key, std::size_t max_bytes) {
    const fs::path source = path_of(key);
    // A named lambda: g++ 12 destroys a temporary in a co_await expression twice.
    auto work = [source, key = std::move(key), max_bytes] {
        std::error_code error;
        const auto size = fs::file_size(source, error);
        if (error == std::errc::no_such_file_or_directory) not_found(key);
        if (error) fail("stat", source, error);
        if (size > max_bytes) {
            throw AppError(ErrorKind::PayloadTooLarge, errc::kPayloadTooLarge, "Stored file is too large",
                           "local object " + key + " exceeds " + std::to_string(max_bytes) + " bytes");
        }
        std::ifstream in(source, std::ios::binary);
        if (!in) not_found(key);
        std::string bytes(size, '\0');
        in.read(bytes.data(), static_cast<std::streamsize>(size));
        if (static_cast<std::uintmax_t>(in.gcount()) != size)
            fail("read", source, std::make_error_code(std::errc::io_error));
        return bytes;
    };
    co_return co_await runtime::offload<std::string>(blocking_, std::move(work));
}

asio::awaitable<void> LocalStore::get_to_file(std::string key, fs::path file) {
    const fs::path source = path_of(key);
    // A named lambda: g++ 12 destroys a temporary in a co_await expression twice.
    auto work = [source, key = std::move(key), file = std::move(file)] {
        std::error_code error;
        fs::copy_file(source, file, fs::copy_options::overwrite_existing, error);
        if (error == std::errc::no_such_file_or_directory && !fs::exists(source)) not_found(key);
        if (error) fail("copy", source, error);
        return true;
    };
    co_await runtime::offload<bool>(blocking_, std::move(work));
}

asio::awaitable<void> LocalStore::remove(std::string key) {
    const fs::path target = path_of(key);
    // A named lambda: g++ 12 destroys a temporary in a co_await expression twice.
    auto work = [target] {
        std::error_code error;
        fs::remove(target, error);
        if (error && error != std::errc::no_such_file_or_directory) fail("remove", target, error);
        return true;
    };
    co_await runtime::offload<bool>(blocking_, std::move(work));
}

std::optional<std::string> LocalStore::presigned_get_url(std::string_view key,
                                                         std::chrono::seconds /*ttl*/) const {
    require_valid_object_key(key);
    return std::nullopt;
}

}  // namespace bh::storage
