#pragma once
// The Stripe HTTP client: form-encoded requests with Stripe's headers, JSON answers, retries and one
// deadline over all attempts. Each attempt is a blocking libcurl exchange run on the blocking pool
// (curl/curl_call.h); the waits between attempts are timers on the caller's executor, so no I/O
// thread ever blocks.
//
// Every request carries `Authorization: Bearer <secret_key>` and `Stripe-Version: <api_version>`;
// every POST also `Idempotency-Key: <the caller's key>` (the same on every attempt, so a retried
// POST never acts twice) and `Content-Type: application/x-www-form-urlencoded`.
// Retries (retry.h): network failures, 409, 429 and 5xx, unless Stripe answers
// `Stripe-Should-Retry: false`; backoff retry_base_delay * 2^(n-1) with jitter; never past the
// deadline. Failures are StripeError (errors.h): the answer's mapping, or Unavailable after the last
// failed attempt, or Timeout when the deadline passed.
// Logged per attempt: method, path (without query), status, attempt, Stripe's Request-Id. Never the
// key, the query or the form (card numbers, CVCs and IBANs travel in forms).
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <string>

#include "stripe/form.h"

namespace bh::stripe {

struct ClientOptions {
    std::string base_url = "https://api.stripe.com";   // no trailing path; stripe-mock in tests
    std::string secret_key;                            // sk_test_... / sk_live_...
    std::string api_version;                           // Stripe-Version header; empty = the account's
    std::chrono::milliseconds timeout{10'000};         // deadline of one call, all attempts included
    int max_attempts = 3;                              // 1 = no retry
    std::chrono::milliseconds retry_base_delay{200};   // wait before the second attempt
    std::chrono::milliseconds connect_timeout{5'000};  // of one attempt (capped by the deadline)
};

// One Client serves any number of concurrent calls (it holds only its options).
class Client {
  public:
    // Blocking curl calls run on `blocking` (the runtime's blocking pool), which must outlive this.
    // Throws std::invalid_argument without a base URL or a secret key.
    Client(ClientOptions options, boost::asio::thread_pool& blocking);

    // POST <base_url><path> with the form as body. `idempotency_key` is required (non-empty).
    // The form is encoded before this returns (a temporary form is fine).
    boost::asio::awaitable<boost::json::object> post(std::string path, const Form& form,
                                                     std::string idempotency_key);
    // GET <base_url><path>?<query> (the query encoded before this returns).
    boost::asio::awaitable<boost::json::object> get(std::string path);
    boost::asio::awaitable<boost::json::object> get(std::string path, const Form& query);

    const ClientOptions& options() const { return options_; }

  private:
    struct Request {
        std::string method;
        std::string path;   // logged
        std::string query;  // encoded, not logged
        std::string body;   // encoded form, not logged
        std::string idempotency_key;
    };
    boost::asio::awaitable<boost::json::object> exchange(Request request);

    ClientOptions options_;
    boost::asio::thread_pool& blocking_;
};

}  // namespace bh::stripe
