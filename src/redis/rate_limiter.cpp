#include "redis/rate_limiter.h"

#include <stdexcept>

#include "core/error.h"
#include "redis/random_token.h"
#include "redis/scripts.h"

namespace bh::redis {

RateLimiter::RateLimiter(Client client, std::string name, std::int64_t limit,
                         std::chrono::milliseconds window)
    : client_(std::move(client)), prefix_("bh:rl:" + std::move(name) + ":"), limit_(limit), window_(window) {
    if (limit < 0) {
        throw std::invalid_argument("rate limit must not be negative");
    }
    if (window.count() <= 0) {
        throw std::invalid_argument("rate limit window must be positive");
    }
}

std::string RateLimiter::key_for(std::string_view subject) const {
    return prefix_ + std::string(subject);
}

boost::asio::awaitable<RateLimitDecision> RateLimiter::hit(std::string_view subject) {
    // The member only has to be unique: two hits in the same millisecond must both count.
    std::vector<std::string> keys{key_for(subject)};
    std::vector<std::string> args{std::to_string(limit_), std::to_string(window_.count()), random_hex(8)};
    const Reply reply = co_await client_.eval(scripts::sliding_window(), std::move(keys), std::move(args));
    const auto& values = reply.as_array();
    if (values.size() != 3) {
        throw bh::internal("redis: rate limiter answered " + reply.to_debug_string());
    }
    co_return RateLimitDecision{values[0].as_integer() == 1, values[1].as_integer(),
                                std::chrono::milliseconds(values[2].as_integer())};
}

}  // namespace bh::redis
