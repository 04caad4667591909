#include "identity/revocation_cache.h"

#include <algorithm>

namespace bh::identity {

RevocationCache::RevocationCache(std::chrono::milliseconds ttl, std::size_t capacity)
    : ttl_(ttl), capacity_(std::max<std::size_t>(capacity, 1)) {}

bool RevocationCache::recently_cleared(std::string_view jti, Clock::time_point now) const {
    std::lock_guard lock(mutex_);
    const auto found = cleared_at_.find(std::string(jti));
    return found != cleared_at_.end() && now - found->second < ttl_ && now >= found->second;
}

void RevocationCache::cleared(std::string_view jti, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    auto found = cleared_at_.find(std::string(jti));
    if (found != cleared_at_.end()) {
        found->second = now;
        return;
    }
    if (cleared_at_.size() >= capacity_) {
        std::erase_if(cleared_at_, [&](const auto& entry) { return now - entry.second >= ttl_; });
        if (cleared_at_.size() >= capacity_) cleared_at_.clear();  // a burst of distinct tokens: start over
    }
    cleared_at_.emplace(std::string(jti), now);
}

std::size_t RevocationCache::size() const {
    std::lock_guard lock(mutex_);
    return cleared_at_.size();
}

}  // namespace bh::identity
