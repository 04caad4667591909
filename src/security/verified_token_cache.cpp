#include "security/verified_token_cache.h"

#include <functional>

namespace bh::security {

VerifiedTokenCache::VerifiedTokenCache(std::size_t capacity)
    : per_shard_(capacity == 0 ? 0 : std::max<std::size_t>(1, capacity / kShards)) {}

VerifiedTokenCache::Shard& VerifiedTokenCache::shard_for(std::string_view token) const {
    return shards_[std::hash<std::string_view>{}(token) % kShards];
}

std::optional<VerifiedTokenCache::Hit> VerifiedTokenCache::find(
    std::string_view token, const std::shared_ptr<const VerificationKeys>& keys) const {
    if (per_shard_ == 0) return std::nullopt;
    auto& shard = shard_for(token);
    const std::lock_guard lock(shard.mutex);
    const auto it = shard.entries.find(std::string(token));
    if (it == shard.entries.end() || it->second.keys != keys) return std::nullopt;
    return Hit{it->second.claims, it->second.key_not_after};
}

void VerifiedTokenCache::insert(std::string_view token, std::shared_ptr<const VerificationKeys> keys,
                                const JwtClaims& claims,
                                std::optional<std::chrono::system_clock::time_point> key_not_after) {
    if (per_shard_ == 0) return;
    auto& shard = shard_for(token);
    const std::lock_guard lock(shard.mutex);
    // Full: drop an arbitrary entry. Tokens live 15 minutes; recency buys little here.
    if (shard.entries.size() >= per_shard_) shard.entries.erase(shard.entries.begin());
    shard.entries.insert_or_assign(std::string(token), Entry{std::move(keys), claims, key_not_after});
}

void VerifiedTokenCache::erase(std::string_view token) {
    if (per_shard_ == 0) return;
    auto& shard = shard_for(token);
    const std::lock_guard lock(shard.mutex);
    shard.entries.erase(std::string(token));
}

std::size_t VerifiedTokenCache::size() const {
    std::size_t total = 0;
    for (auto& shard : shards_) {
        const std::lock_guard lock(shard.mutex);
        total += shard.entries.size();
    }
    return total;
}

}  // namespace bh::security
