#include "storage/local_store.h"

#include <gtest/gtest.h>

#include <boost/asio/thread_pool.hpp>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/uuid.h"
#include "storage/store_test_support.h"

namespace bh::storage {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using asio::awaitable;
using testing::binary_bytes;
using testing::run;

class LocalStoreTest : public ::testing::Test {
  protected:
    void TearDown() override { fs::remove_all(root_); }

    fs::path root_ = fs::temp_directory_path() / ("bh-local-store-" + Uuid::v7().to_string());
    asio::io_context io_;
    asio::thread_pool pool_{1};
    LocalStore store_{root_, pool_};
};

TEST_F(LocalStoreTest, PutGetReplaceRemove) {
    const std::string bytes = binary_bytes(70'000);
    run(io_, [&]() -> awaitable<void> {
        co_await store_.ensure_ready();
        co_await store_.put("invoices/a.pdf", bytes, "application/pdf");
        EXPECT_EQ(co_await store_.get("invoices/a.pdf", 1 << 20), bytes);
        co_await store_.put("invoices/a.pdf", "second", "application/pdf");
        EXPECT_EQ(co_await store_.get("invoices/a.pdf", 1 << 20), "second");
        co_await store_.remove("invoices/a.pdf");
        co_await store_.remove("invoices/a.pdf");  // idempotent
    }());
    // No temporary file is left next to the object.
    EXPECT_TRUE(fs::is_empty(root_ / "invoices"));
}

TEST_F(LocalStoreTest, MissingObjectIsNotFound) {
    run(io_, [&]() -> awaitable<void> {
        try {
            co_await store_.get("nothing/here", 10);
            ADD_FAILURE() << "expected NotFound";
        } catch (const AppError& error) {
            EXPECT_EQ(error.kind(), ErrorKind::NotFound);
            EXPECT_EQ(error.code(), kObjectNotFound);
        }
        try {
            co_await store_.get_to_file("nothing/here", root_ / "out");
            ADD_FAILURE() << "expected NotFound";
        } catch (const AppError& error) {
            EXPECT_EQ(error.kind(), ErrorKind::NotFound);
        }
    }());
}

TEST_F(LocalStoreTest, ObjectLargerThanTheLimitIsRefused) {
    run(io_, [&]() -> awaitable<void> {
        co_await store_.put("big", std::string(101, 'x'), "text/plain");
        EXPECT_EQ((co_await store_.get("big", 101)).size(), 101u);
        try {
            co_await store_.get("big", 100);
            ADD_FAILURE() << "expected PayloadTooLarge";
        } catch (const AppError& error) {
            EXPECT_EQ(error.kind(), ErrorKind::PayloadTooLarge);
        }
    }());
}

TEST_F(LocalStoreTest, FilesInAndOut) {
    const fs::path in = root_.string() + "-in";
    const fs::path out = root_.string() + "-out";
    const std::string bytes = binary_bytes(300'000);
    std::ofstream(in, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    run(io_, [&]() -> awaitable<void> {
        co_await store_.put_file("exports/x.xlsx", in, "application/octet-stream");
        co_await store_.get_to_file("exports/x.xlsx", out);
    }());
    std::ifstream read(out, std::ios::binary);
    const std::string copied{std::istreambuf_iterator<char>(read), {}};
    EXPECT_EQ(copied, bytes);
    fs::remove(in);
    fs::remove(out);
}

TEST_F(LocalStoreTest, KeysCannotEscapeTheDirectory) {
    run(io_, [&]() -> awaitable<void> {
        EXPECT_THROW(co_await store_.put("../escape", "x", "text/plain"), AppError);
        EXPECT_THROW(co_await store_.get("/etc/passwd", 10), AppError);
    }());
    EXPECT_FALSE(store_.presigned_get_url("a", std::chrono::seconds{60}).has_value());
}

}  // namespace
}  // namespace bh::storage
