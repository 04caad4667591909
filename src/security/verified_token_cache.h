#pragma once
// Tokens whose signature and static claims (issuer, audience, shape) were already checked, so a
// client that sends the same access token on every request pays for the Ed25519 verification once
// instead of on every hop. What depends on time is still checked on every use by the verifier:
// expiry, not-before and the key's own end of life. An entry is valid only for the key set it was
// verified against: replacing the keys (rotation, a removed compromised key) makes every entry a
// miss. Revocation is not the verifier's business: the deny-list is consulted on every request.
#include <array>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "security/jwt_claims.h"
#include "security/jwt_verifier.h"

namespace bh::security {

class VerifiedTokenCache {
  public:
    struct Hit {
        JwtClaims claims;
        std::optional<std::chrono::system_clock::time_point> key_not_after;
    };

    explicit VerifiedTokenCache(std::size_t capacity);

    // A hit only for the same token verified against this very key set.
    std::optional<Hit> find(std::string_view token,
                            const std::shared_ptr<const VerificationKeys>& keys) const;
    void insert(std::string_view token, std::shared_ptr<const VerificationKeys> keys, const JwtClaims& claims,
                std::optional<std::chrono::system_clock::time_point> key_not_after);
    void erase(std::string_view token);
    std::size_t size() const;

  private:
    struct Entry {
        // The key set it was verified against. Held, not just remembered by address, so a new set
        // can never reuse the address of an old one and inherit its entries.
        std::shared_ptr<const VerificationKeys> keys;
        JwtClaims claims;
        std::optional<std::chrono::system_clock::time_point> key_not_after;
    };
    struct Shard {
        mutable std::mutex mutex;
        std::unordered_map<std::string, Entry> entries;
    };
    static constexpr std::size_t kShards = 16;
    Shard& shard_for(std::string_view token) const;

    std::size_t per_shard_;
    mutable std::array<Shard, kShards> shards_;
};

}  // namespace bh::security
