#include "identity/jwks_client.h"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/error.h"
#include "security/jwks.h"

namespace bh::identity {

namespace asio = boost::asio;

struct JwksClient::Loop {
    explicit Loop(const asio::any_io_executor& executor)
        : strand(asio::make_strand(executor)), timer(strand) {}
    asio::strand<asio::any_io_executor> strand;
    asio::steady_timer timer;
    bool stopped = false;  // touched on the strand only
};

JwksClient::JwksClient(asio::any_io_executor executor, http::Client& client, JwksClientOptions options,
                       std::shared_ptr<security::JwtVerifier> verifier)
    : executor_(std::move(executor)),
      client_(client),
      options_(std::move(options)),
      verifier_(std::move(verifier)) {}

JwksClient::~JwksClient() {
    stop();
}

asio::awaitable<void> JwksClient::refresh() {
    http::ClientRequest request{
        .method = http::Method::Get, .url = options_.url, .timeout = options_.timeout};
    const auto response = co_await client_.send(std::move(request));
    if (response.status != 200) {
        throw unavailable("Authentication keys are unavailable",
                          "JWKS " + options_.url + " answered " + std::to_string(response.status));
    }
    security::VerificationKeys keys;
    try {
        keys = security::parse_jwks(response.body);
    } catch (const AppError& e) {
        throw unavailable("Authentication keys are unavailable", "JWKS " + options_.url + ": " + e.detail());
    }
    verifier_->replace_keys(std::move(keys));
    fetched_ = true;
    ++successes_;
}

asio::awaitable<bool> JwksClient::refresh_for_unknown_kid() {
    const auto successes_before = successes_.load();
    bool expected = false;
    if (!in_flight_.compare_exchange_strong(expected, true)) {
        const bool finished = co_await wait_for_fetch_in_flight();
        co_return finished&& successes_.load() != successes_before;
    }
    {
        const std::lock_guard lock(mutex_);
        const auto now = std::chrono::steady_clock::now();
        if (last_unknown_kid_fetch_ != std::chrono::steady_clock::time_point{} &&
            now - last_unknown_kid_fetch_ < options_.min_refresh) {
            in_flight_ = false;
            co_return false;
        }
        last_unknown_kid_fetch_ = now;
    }
    bool ok = true;
    try {
        co_await refresh();
    } catch (const std::exception& e) {
        spdlog::warn("jwks refresh for an unknown kid failed: {}", e.what());
        ok = false;
    }
    in_flight_ = false;
    co_return ok;
}

// The fetch in flight is short (bounded by options_.timeout); waiting by polling keeps this free of
// cross-thread signalling.
asio::awaitable<bool> JwksClient::wait_for_fetch_in_flight() {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    const auto deadline =
        std::chrono::steady_clock::now() + options_.timeout + std::chrono::milliseconds(100);
    while (in_flight_.load() && std::chrono::steady_clock::now() < deadline) {
        timer.expires_after(std::chrono::milliseconds(5));
        co_await timer.async_wait(asio::use_awaitable);
    }
    co_return !in_flight_.load();
}

void JwksClient::start() {
    if (loop_) return;
    loop_ = std::make_shared<Loop>(executor_);
    asio::co_spawn(loop_->strand, refresh_loop(), asio::detached);
}

void JwksClient::stop() {
    if (!loop_) return;
    asio::post(loop_->strand, [loop = loop_] {
        loop->stopped = true;
        loop->timer.cancel();
    });
}

asio::awaitable<void> JwksClient::refresh_loop() {
    const auto loop = loop_;  // keeps the timer alive; `this` is touched only while not stopped
    while (!loop->stopped) {
        try {
            co_await refresh();
            loop->timer.expires_after(options_.refresh);
        } catch (const std::exception& e) {
            spdlog::warn("jwks refresh from {} failed: {}", options_.url, e.what());
            loop->timer.expires_after(fetched_ ? options_.refresh / 10 : std::chrono::milliseconds(500));
        }
        if (loop->stopped) break;
        boost::system::error_code ec;
        co_await loop->timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
}

}  // namespace bh::identity
