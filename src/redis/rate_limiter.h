#pragma once
// Sliding-window rate limit shared by every instance: at most `limit` admitted hits per subject in
// any `window`, counted in a Redis sorted set bh:rl:<name>:<subject> by one atomic Lua script on the
// server's clock (see scripts::sliding_window).
//
//   redis::RateLimiter sign_in(client, "sign-in", 5, 1min);
//   auto d = co_await sign_in.hit(client_ip);
//   if (!d.allowed) throw AppError(TooManyRequests, ...).with_retry_after(ceil<seconds>(d.retry_after));
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "redis/client.h"

namespace bh::redis {

struct RateLimitDecision {
    bool allowed = false;
    std::int64_t remaining = 0;                // hits still admitted in the current window
    std::chrono::milliseconds retry_after{0};  // 0 when allowed; else until the next hit can pass
};

class RateLimiter {
  public:
    RateLimiter(Client client, std::string name, std::int64_t limit, std::chrono::milliseconds window);

    // Counts one hit for `subject` (a user id, an IP, an e-mail) if it is admitted.
    boost::asio::awaitable<RateLimitDecision> hit(std::string_view subject);

    std::string key_for(std::string_view subject) const;
    std::int64_t limit() const { return limit_; }
    std::chrono::milliseconds window() const { return window_; }

  private:
    Client client_;
    std::string prefix_;
    std::int64_t limit_;
    std::chrono::milliseconds window_;
};

}  // namespace bh::redis
