// S3Store against the stack's S3 server (versitygw): S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY,
// S3_REGION from .run/endpoints.env. Each suite run uses a bucket of its own.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/error.h"
#include "core/uuid.h"
#include "curl/curl_call.h"
#include "storage/s3_store.h"
#include "storage/store_test_support.h"
#include "support/test_env.h"

namespace bh::storage {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using asio::awaitable;
using curl::CurlCall;
using curl::CurlOutcome;
using curl::perform;
using namespace std::chrono_literals;
using testing::binary_bytes;
using testing::run;

std::string bucket_name() {
    std::string name = bh::testing::unique_name("bh-itest");
    std::replace(name.begin(), name.end(), '_', '-');
    return name;
}

S3Options stack_options(std::string bucket) {
    S3Options options;
    options.endpoint = bh::testing::require_env("S3_ENDPOINT");
    options.region = bh::testing::require_env("S3_REGION");
    options.access_key = bh::testing::require_env("S3_ACCESS_KEY");
    options.secret_key = bh::testing::require_env("S3_SECRET_KEY");
    options.bucket = std::move(bucket);
    options.timeout = 5s;
    return options;
}

// An unsigned GET, as a mail recipient's browser would do it.
CurlOutcome plain_get(const std::string& url) {
    CurlCall call;
    call.url = url;
    call.timeout = 5s;
    return perform(call);
}

template <class Fn>
ErrorKind error_kind_of(asio::io_context& io, Fn fn) {
    try {
        run(io, fn());
    } catch (const AppError& error) {
        return error.kind();
    }
    ADD_FAILURE() << "expected an AppError";
    return ErrorKind::Internal;
}

class S3StoreTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { bucket_ = new std::string(bucket_name()); }
    static void TearDownTestSuite() { delete bucket_; }
    void SetUp() override {
        store_ = std::make_unique<S3Store>(stack_options(*bucket_), pool_);
        run(io_, store_->ensure_ready());
    }

    static std::string* bucket_;
    asio::io_context io_;
    asio::thread_pool pool_{2};
    std::unique_ptr<S3Store> store_;
};
std::string* S3StoreTest::bucket_ = nullptr;

TEST_F(S3StoreTest, EnsureReadyIsIdempotent) {
    run(io_, store_->ensure_ready());
    run(io_, store_->ensure_ready());
}

TEST_F(S3StoreTest, PutGetReplaceRemoveBinaryObject) {
    const std::string bytes = binary_bytes(300'000);
    run(io_, [&]() -> awaitable<void> {
        co_await store_->put("invoices/roundtrip.pdf", bytes, "application/pdf");
        EXPECT_EQ(co_await store_->get("invoices/roundtrip.pdf", 1 << 20), bytes);
        co_await store_->put("invoices/roundtrip.pdf", "replaced", "application/pdf");
        EXPECT_EQ(co_await store_->get("invoices/roundtrip.pdf", 1 << 20), "replaced");
        co_await store_->remove("invoices/roundtrip.pdf");
        co_await store_->remove("invoices/roundtrip.pdf");  // deleting a missing object is fine
    }());
    EXPECT_EQ(error_kind_of(io_, [&] { return store_->get("invoices/roundtrip.pdf", 1 << 20); }),
              ErrorKind::NotFound);
}

TEST_F(S3StoreTest, EmptyObject) {
    run(io_, [&]() -> awaitable<void> {
        co_await store_->put("empty", "", "text/plain");
        EXPECT_EQ(co_await store_->get("empty", 10), "");
    }());
}

TEST_F(S3StoreTest, ObjectBeyondTheReadLimitIsRefused) {
    run(io_, store_->put("limit", std::string(2000, 'x'), "text/plain"));
    EXPECT_EQ(run(io_, store_->get("limit", 2000)).size(), 2000u);
    EXPECT_EQ(error_kind_of(io_, [&] { return store_->get("limit", 1999); }), ErrorKind::PayloadTooLarge);
}

TEST_F(S3StoreTest, StreamsBigFilesBothWays) {
    const fs::path in = fs::temp_directory_path() / ("bh-s3-in-" + Uuid::v7().to_string());
    const fs::path out = fs::temp_directory_path() / ("bh-s3-out-" + Uuid::v7().to_string());
    const std::string bytes = binary_bytes(12 << 20);
    std::ofstream(in, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    run(io_, [&]() -> awaitable<void> {
        co_await store_->put_file("exports/big.xlsx", in, "application/octet-stream");
        co_await store_->get_to_file("exports/big.xlsx", out);
    }());
    EXPECT_EQ(fs::file_size(out), bytes.size());
    std::ifstream read(out, std::ios::binary);
    EXPECT_TRUE(std::string(std::istreambuf_iterator<char>(read), {}) == bytes);
    fs::remove(in);
    fs::remove(out);
}

TEST_F(S3StoreTest, PresignedUrlServesTheObjectWithoutCredentialsUntilItExpires) {
    run(io_, store_->put("exports/presigned.xlsx", "report bytes", "application/octet-stream"));
    const auto url = store_->presigned_get_url("exports/presigned.xlsx", 2s);
    ASSERT_TRUE(url.has_value());
    const CurlOutcome fetched = plain_get(*url);
    EXPECT_EQ(fetched.status, 200);
    EXPECT_EQ(fetched.body, "report bytes");

    std::string tampered = *url;
    tampered.back() = tampered.back() == '0' ? '1' : '0';
    EXPECT_EQ(plain_get(tampered).status, 403);
    const std::string unsigned_url = url->substr(0, url->find('?'));
    EXPECT_EQ(plain_get(unsigned_url).status, 403);

    std::this_thread::sleep_for(3s);
    EXPECT_EQ(plain_get(*url).status, 403);
}

TEST_F(S3StoreTest, WrongSecretIsUnavailable) {
    S3Options options = stack_options(*bucket_);
    options.secret_key = "not-the-secret";
    S3Store wrong(options, pool_);
    EXPECT_EQ(error_kind_of(io_, [&] { return wrong.put("x", "y", "text/plain"); }), ErrorKind::Unavailable);
}

TEST_F(S3StoreTest, RefusedConnectionIsUnavailable) {
    asio::io_context scratch;
    asio::ip::tcp::acceptor acceptor(scratch, {asio::ip::make_address("127.0.0.1"), 0});
    const auto port = acceptor.local_endpoint().port();
    acceptor.close();  // nobody listens there now
    S3Options options = stack_options(*bucket_);
    options.endpoint = "http://127.0.0.1:" + std::to_string(port);
    S3Store unreachable(options, pool_);
    EXPECT_EQ(error_kind_of(io_, [&] { return unreachable.get("x", 10); }), ErrorKind::Unavailable);
}

TEST_F(S3StoreTest, SilentServerHitsTheDeadline) {
    asio::io_context scratch;
    asio::ip::tcp::acceptor acceptor(scratch, {asio::ip::make_address("127.0.0.1"), 0});
    acceptor.listen();  // accepts (the kernel completes the handshake) but never answers
    S3Options options = stack_options(*bucket_);
    options.endpoint = "http://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port());
    options.timeout = 300ms;
    S3Store silent(options, pool_);
    const auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(error_kind_of(io_, [&] { return silent.get("x", 10); }), ErrorKind::Timeout);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
}

}  // namespace
}  // namespace bh::storage
