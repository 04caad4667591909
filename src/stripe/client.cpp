// The Stripe HTTP client (see client.h): one coroutine drives the attempts; each attempt is a
// blocking libcurl exchange offloaded to the blocking pool.
#include "stripe/client.h"

#include <spdlog/spdlog.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <stdexcept>

#include "core/error.h"
#include "core/fast_random.h"
#include "curl/curl_call.h"
#include "runtime/offload.h"
#include "stripe/errors.h"
#include "stripe/retry.h"

namespace bh::stripe {

namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::size_t kMaxResponseBytes = 4 << 20;
constexpr std::size_t kMaxErrorBytes = 64 << 10;
constexpr milliseconds kTimerSlack{20};

// One attempt's result: an answer, or the transport failure that took its place.
struct Attempt {
    curl::CurlOutcome outcome;
    bool transport_failed = false;
    bool transport_timed_out = false;
    std::string failure;  // curl's description of a transport failure (no secret in it)
};

Attempt attempt_once(const curl::CurlCall& call) {
    Attempt attempt;
    try {
        attempt.outcome = curl::perform(call);
    } catch (const AppError& error) {
        if (error.kind() != ErrorKind::Timeout && error.kind() != ErrorKind::Unavailable) throw;
        attempt.transport_failed = true;
        attempt.transport_timed_out = error.kind() == ErrorKind::Timeout;
        attempt.failure = error.detail();
    }
    return attempt;
}

bool has_line_break(std::string_view text) {
    return text.find_first_of("\r\n") != std::string_view::npos;
}

double jitter() {
    return static_cast<double>(fast_random_u64() >> 11) / static_cast<double>(1ULL << 53);
}

std::string without_trailing_slash(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

}  // namespace

Client::Client(ClientOptions options, asio::thread_pool& blocking)
    : options_(std::move(options)), blocking_(blocking) {
    options_.base_url = without_trailing_slash(options_.base_url);
    if (options_.base_url.empty()) throw std::invalid_argument("Stripe client: base_url is required");
    if (options_.secret_key.empty()) throw std::invalid_argument("Stripe client: secret_key is required");
    if (has_line_break(options_.secret_key) || has_line_break(options_.api_version)) {
        throw std::invalid_argument("Stripe client: secret_key and api_version must be one line");
    }
    if (options_.max_attempts < 1) options_.max_attempts = 1;
}

asio::awaitable<boost::json::object> Client::post(std::string path, const Form& form,
                                                  std::string idempotency_key) {
    if (idempotency_key.empty() || has_line_break(idempotency_key)) {
        throw internal("Stripe POST " + path + " without a valid idempotency key");
    }
    Request request{.method = "POST",
                    .path = std::move(path),
                    .query = {},
                    .body = encode_form(form),
                    .idempotency_key = std::move(idempotency_key)};
    return exchange(std::move(request));
}

asio::awaitable<boost::json::object> Client::get(std::string path) {
    return get(std::move(path), Form());
}

asio::awaitable<boost::json::object> Client::get(std::string path, const Form& query) {
    Request request{.method = "GET",
                    .path = std::move(path),
                    .query = encode_form(query),
                    .body = {},
                    .idempotency_key = {}};
    return exchange(std::move(request));
}

asio::awaitable<boost::json::object> Client::exchange(Request request) {
    const auto deadline = Clock::now() + options_.timeout;
    const std::string what = request.method + " " + request.path;

    curl::CurlCall call;
    call.service = "Stripe";
    call.method = request.method;
    call.url = options_.base_url + request.path;
    if (!request.query.empty()) call.url.append("?").append(request.query);
    call.headers.push_back("Authorization: Bearer " + options_.secret_key);
    if (!options_.api_version.empty()) call.headers.push_back("Stripe-Version: " + options_.api_version);
    call.headers.emplace_back("Accept: application/json");
    if (request.method == "POST") {
        call.headers.push_back("Idempotency-Key: " + request.idempotency_key);
        call.headers.emplace_back("Content-Type: application/x-www-form-urlencoded");
    }
    call.max_response_bytes = kMaxResponseBytes;
    call.max_error_bytes = kMaxErrorBytes;

    for (int attempt_number = 1;; ++attempt_number) {
        const auto remaining = std::chrono::ceil<milliseconds>(deadline - Clock::now());
        if (remaining <= milliseconds::zero()) {
            throw deadline_exceeded(what + ": deadline passed after " + std::to_string(attempt_number - 1) +
                                    " attempt(s)");
        }
        call.timeout = remaining;
        call.connect_timeout = std::min(options_.connect_timeout, remaining);

        // The attempt owns copies of the call and the body: should this coroutine be destroyed
        // (shutdown) while curl still runs on the pool, nothing curl reads goes away under it.
        // A named lambda: g++ 12 destroys a temporary in a co_await expression twice.
        auto work = [call, body = request.body, has_body = request.method == "POST"]() mutable {
            if (has_body) call.body = &body;
            return attempt_once(call);
        };
        Attempt attempt = co_await runtime::offload<Attempt>(blocking_, std::move(work));

        const long status = attempt.transport_failed ? 0 : attempt.outcome.status;
        const std::string request_id = attempt.outcome.header("Request-Id").value_or("");
        const std::string_view logged_id = request_id.empty() ? std::string_view("-") : request_id;
        if (!attempt.transport_failed && attempt.outcome.too_large) {
            throw network_failure(what + ": the answer exceeds " + std::to_string(kMaxResponseBytes) +
                                  " bytes");
        }
        if (status >= 200 && status < 300) {
            spdlog::debug("stripe {}: {} (attempt {}, request {})", what, status, attempt_number, logged_id);
            boost::system::error_code ec;
            boost::json::value document = boost::json::parse(attempt.outcome.body, ec);
            if (ec || !document.is_object()) {
                std::string detail = what;
                detail.append(": the answer is not a JSON object (request ").append(request_id).append(")");
                throw network_failure(detail);
            }
            co_return std::move(document.get_object());
        }
        // curl's timer may fire a little before ours: a timeout that close to the deadline is it.
        if (attempt.transport_timed_out && Clock::now() + kTimerSlack >= deadline) {
            spdlog::warn("stripe {}: no answer before the deadline ({} ms, attempt {} of {})", what,
                         options_.timeout.count(), attempt_number, options_.max_attempts);
            throw deadline_exceeded(what + ": " + attempt.failure);
        }

        AttemptResult result{.http_status = static_cast<int>(status), .stripe_should_retry = std::nullopt};
        if (const auto header = attempt.outcome.header("Stripe-Should-Retry")) {
            result.stripe_should_retry = parse_should_retry(*header);
        }
        const std::string outcome_text =
            attempt.transport_failed ? attempt.failure : "HTTP " + std::to_string(status);
        bool retry = should_retry(result) && attempt_number < options_.max_attempts;
        milliseconds delay{0};
        if (retry) {
            delay = backoff_delay(attempt_number, options_.retry_base_delay, jitter());
            retry = Clock::now() + delay < deadline;
        }
        if (!retry) {
            // Stripe's trouble is a warning; a refusal of the request (400, 402, 404) is business.
            const bool transient = should_retry(
                AttemptResult{.http_status = result.http_status, .stripe_should_retry = std::nullopt});
            spdlog::log(transient ? spdlog::level::warn : spdlog::level::info,
                        "stripe {}: {} (attempt {} of {}, request {}), not retried", what, outcome_text,
                        attempt_number, options_.max_attempts, logged_id);
            if (attempt.transport_failed) throw network_failure(what + ": " + attempt.failure);
            throw error_from_response(static_cast<int>(status), attempt.outcome.body, request_id, what);
        }
        spdlog::warn("stripe {}: {} (attempt {} of {}, request {}), retrying in {} ms", what, outcome_text,
                     attempt_number, options_.max_attempts, logged_id, delay.count());
        const auto executor = co_await asio::this_coro::executor;
        asio::steady_timer timer(executor, delay);
        co_await timer.async_wait(asio::use_awaitable);
    }
}

}  // namespace bh::stripe
