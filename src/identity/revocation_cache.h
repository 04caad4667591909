#pragma once
// Remembers, for a short while, that a token id was not on the deny-list, so a client sending one
// token on every request costs the portal one Redis lookup per interval instead of one per request.
// Only "not revoked" is remembered, never for longer than the interval: a sign-out reaches this
// instance at most that late. The portal uses it because every service behind it checks the
// deny-list again, fresh, on each request it serves: the services stay the authority on revocation.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace bh::identity {

class RevocationCache {
  public:
    using Clock = std::chrono::steady_clock;

    RevocationCache(std::chrono::milliseconds ttl, std::size_t capacity);

    // True when `jti` was found not revoked less than ttl before `now`.
    bool recently_cleared(std::string_view jti, Clock::time_point now) const;
    // `jti` was just found not revoked. At capacity, expired entries go first, then everything.
    void cleared(std::string_view jti, Clock::time_point now);
    std::size_t size() const;

  private:
    std::chrono::milliseconds ttl_;
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Clock::time_point> cleared_at_;
};

}  // namespace bh::identity
