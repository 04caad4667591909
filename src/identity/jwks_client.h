#pragma once
// Keeps a JwtVerifier's keys in step with auth's published JWKS: fetched at start, refreshed on a
// period, and refetched when a token names an unknown kid (a key rotated in) — at most once per
// `min_refresh`, so a flood of forged kids cannot turn into a flood of fetches. Concurrent callers
// share one fetch.
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "http/client.h"
#include "security/jwt_verifier.h"

namespace bh::identity {

struct JwksClientOptions {
    std::string url;  // e.g. http://127.0.0.1:8081/.well-known/jwks.json
    std::chrono::milliseconds refresh{std::chrono::minutes(5)};
    std::chrono::milliseconds min_refresh{std::chrono::seconds(5)};
    std::chrono::milliseconds timeout{std::chrono::seconds(2)};
};

class JwksClient {
  public:
    JwksClient(boost::asio::any_io_executor executor, http::Client& client, JwksClientOptions options,
               std::shared_ptr<security::JwtVerifier> verifier);
    ~JwksClient();
    JwksClient(const JwksClient&) = delete;
    JwksClient& operator=(const JwksClient&) = delete;

    // Fetches now and replaces the verifier's keys. Throws AppError Unavailable on failure (the old
    // keys stay).
    boost::asio::awaitable<void> refresh();
    // For Authenticator's KeyRefresh: joins a fetch in flight, or starts one unless the last
    // started less than min_refresh ago. True when a fetch succeeded meanwhile.
    boost::asio::awaitable<bool> refresh_for_unknown_kid();
    // Periodic refresh until stop(); failures are logged and retried on the next period.
    void start();
    void stop();
    bool has_keys() const { return fetched_.load(); }

  private:
    boost::asio::awaitable<void> refresh_loop();
    boost::asio::awaitable<bool> wait_for_fetch_in_flight();

    boost::asio::any_io_executor executor_;
    http::Client& client_;
    JwksClientOptions options_;
    std::shared_ptr<security::JwtVerifier> verifier_;
    std::atomic<bool> fetched_{false};
    std::atomic<bool> in_flight_{false};
    std::atomic<std::uint64_t> successes_{0};
    std::mutex mutex_;
    std::chrono::steady_clock::time_point last_unknown_kid_fetch_{};
    struct Loop;
    std::shared_ptr<Loop> loop_;
};

}  // namespace bh::identity
