#pragma once
// Rate limits on sign-in and password recovery, per e-mail and per client address, shared by every
// instance through Redis. Over the limit: AppError TooManyRequests with Retry-After.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <string_view>

#include "redis/rate_limiter.h"

namespace bh::auth {

struct Limit {
    std::int64_t per_email = 10;
    std::int64_t per_address = 100;
    std::chrono::milliseconds window{std::chrono::minutes(1)};
};

class AttemptLimits {
  public:
    AttemptLimits(const redis::Client& client, Limit sign_in, Limit recover);
    // Counts one attempt; throws 429 when either limit is exhausted. `email` is compared lower-cased.
    boost::asio::awaitable<void> sign_in(std::string_view email, std::string_view address);
    boost::asio::awaitable<void> recover(std::string_view email, std::string_view address);
    // Registration pays for an argon2 hash: counted against the address's sign-in budget.
    boost::asio::awaitable<void> registration(std::string_view address);

  private:
    static boost::asio::awaitable<void> check(redis::RateLimiter& by_email, redis::RateLimiter& by_address,
                                              std::string_view email, std::string_view address);
    redis::RateLimiter sign_in_email_;
    redis::RateLimiter sign_in_address_;
    redis::RateLimiter recover_email_;
    redis::RateLimiter recover_address_;
};

}  // namespace bh::auth
