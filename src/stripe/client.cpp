// The Stripe API client: see client.h.
#include "stripe/client.h"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <random>

#include "runtime/offload.h"
#include "storage/curl_call.h"
#include "stripe/error.h"

namespace bh::stripe {

namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

struct Attempt {
    long status = 0;  // 0: no answer (network error)
    std::string body;
    std::optional<AppError> transport_error;
};

std::chrono::milliseconds backoff(std::chrono::milliseconds base, int attempt) {
    thread_local std::mt19937 random{std::random_device{}()};
    const auto ceiling = base.count() << std::min(attempt - 1, 10);
    std::uniform_int_distribution<long long> jitter(ceiling / 2, ceiling);
    return std::chrono::milliseconds(jitter(random));
}

}  // namespace

Client::Client(ClientOptions options, asio::thread_pool& blocking)
    : options_(std::move(options)), blocking_(blocking) {}

asio::awaitable<boost::json::object> Client::post(std::string path, Form form, std::string idempotency_key) {
    co_return co_await call("POST", std::move(path), std::move(form), std::move(idempotency_key));
}

asio::awaitable<boost::json::object> Client::get(std::string path, Form query) {
    co_return co_await call("GET", std::move(path), std::move(query), {});
}

asio::awaitable<boost::json::object> Client::call(std::string method, std::string path, Form form,
                                                  std::string idempotency_key) {
    const auto deadline = Clock::now() + options_.timeout;
    const auto encoded = encode_form(form);
    storage::CurlCall request;
    request.method = method;
    request.peer = "stripe";
    request.url = options_.base_url + path;
    if (method == "GET" && !encoded.empty()) request.url += "?" + encoded;
    request.headers = {"Authorization: Bearer " + options_.secret_key,
                       "Stripe-Version: " + options_.api_version, "Accept: application/json"};
    if (method == "POST") {
        request.headers.push_back("Content-Type: application/x-www-form-urlencoded");
        request.headers.push_back("Idempotency-Key: " + idempotency_key);
    }
    const std::string body = method == "POST" ? encoded : std::string();
    if (method == "POST") request.body = &body;
    request.max_response_bytes = 4 << 20;

    asio::steady_timer pause(co_await asio::this_coro::executor);
    for (int attempt = 1;; ++attempt) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) {
            throw AppError(ErrorKind::Timeout, kTimeout, "The payment provider did not answer in time.",
                           method + " " + path + ": deadline passed after " + std::to_string(attempt - 1) +
                               " attempt(s)");
        }
        request.timeout = left;
        auto work = [request]() {
            Attempt result;
            try {
                auto outcome = storage::perform(request);
                result.status = outcome.status;
                result.body = std::move(outcome.body);
            } catch (const AppError& e) {
                result.transport_error = e;
            }
            return result;
        };
        const auto result = co_await runtime::offload<Attempt>(blocking_, std::move(work));
        if (!result.transport_error && result.status >= 200 && result.status < 300) {
            boost::system::error_code ec;
            auto parsed = boost::json::parse(result.body, ec);
            if (ec || !parsed.is_object()) {
                throw AppError(ErrorKind::Unavailable, kUnavailable, "The payment provider answered badly.",
                               method + " " + path + ": answer is not a JSON object");
            }
            co_return std::move(parsed.as_object());
        }
        const bool timed_out = result.transport_error && result.transport_error->kind() == ErrorKind::Timeout;
        const bool retry = attempt < options_.max_attempts && !timed_out && should_retry(result.status, "");
        spdlog::warn(
            "stripe {} {}: attempt {} of {} failed ({}){}", method, path, attempt, options_.max_attempts,
            result.transport_error ? result.transport_error->detail() : std::to_string(result.status),
            retry ? ", retrying" : "");
        if (!retry) {
            if (timed_out) {
                throw AppError(ErrorKind::Timeout, kTimeout, "The payment provider did not answer in time.",
                               result.transport_error->detail());
            }
            if (result.transport_error) {
                throw AppError(ErrorKind::Unavailable, kUnavailable,
                               "The payment provider is unavailable; try again later.",
                               result.transport_error->detail());
            }
            throw error_from_response(result.status, result.body);
        }
        const auto wait =
            std::min(backoff(options_.retry_base_delay, attempt),
                     std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
        pause.expires_after(wait);
        co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
    }
}

}  // namespace bh::stripe
