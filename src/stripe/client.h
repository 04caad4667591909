#pragma once
// A Stripe API client over libcurl (storage/curl_call.h), run on a blocking pool so I/O threads
// never wait: `Authorization: Bearer <key>`, the pinned `Stripe-Version`, form-encoded bodies, an
// `Idempotency-Key` on every POST (the caller's, stored before the first attempt and the same on
// every retry), one deadline over all attempts, and retries with exponential backoff and jitter on
// network errors, 409, 429 and 5xx only. Errors: stripe/error.h. Logs name the path, the status and
// the attempt — never the key or a form value (card numbers and IBANs pass through here).
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <string>

#include "stripe/form.h"

namespace bh::stripe {

struct ClientOptions {
    std::string base_url = "https://api.stripe.com";
    std::string secret_key;
    std::string api_version;
    std::chrono::milliseconds timeout{10'000};  // all attempts of one call
    int max_attempts = 3;
    std::chrono::milliseconds retry_base_delay{200};
};

class Client {
  public:
    Client(ClientOptions options, boost::asio::thread_pool& blocking);

    boost::asio::awaitable<boost::json::object> post(std::string path, Form form,
                                                     std::string idempotency_key);
    boost::asio::awaitable<boost::json::object> get(std::string path, Form query = {});

  private:
    boost::asio::awaitable<boost::json::object> call(std::string method, std::string path, Form form,
                                                     std::string idempotency_key);

    ClientOptions options_;
    boost::asio::thread_pool& blocking_;
};

}  // namespace bh::stripe
