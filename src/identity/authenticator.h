#pragma once
// Turns a request's "Authorization: Bearer <jwt>" into a verified Principal: signature and claims by
// the shared JwtVerifier, then revocation by the Redis deny-list that sign-out writes. Used by the
// portal and by every service (internal calls carry the caller's token; nothing trusts the network).
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "http/message.h"
#include "identity/principal.h"
#include "identity/revocation_cache.h"
#include "redis/deny_list.h"
#include "security/jwt_verifier.h"

namespace bh::identity {

// The deny-list every instance shares: bh:deny:access:<jti>.
inline constexpr std::string_view kAccessDenyList = "access";

// The token of "Bearer <token>" (scheme case-insensitive); nullopt when absent or another scheme.
std::optional<std::string_view> bearer_token(std::string_view authorization);

class Authenticator {
  public:
    // Called once when a token names a kid the verifier does not know (a key rotated in since the
    // last JWKS fetch); returns true when the keys may have changed and verification is worth retrying.
    using KeyRefresh = std::function<boost::asio::awaitable<bool>()>;

    // `deny_list` empty = no revocation check (only for tests of the signature path).
    // `revocation_cache` > 0 = a token found not revoked is not looked up again for that long (the
    // portal, whose services check again; see identity/revocation_cache.h). 0 = every request asks.
    Authenticator(std::shared_ptr<const security::JwtVerifier> verifier,
                  std::optional<redis::DenyList> deny_list, KeyRefresh refresh_keys = {},
                  std::chrono::milliseconds revocation_cache = std::chrono::milliseconds::zero());

    // Throws AppError Unauthorized: INVALID_AUTHORIZATION_HEADER when the header is missing or not
    // Bearer; INVALID_TOKEN when the token is malformed, forged, expired or revoked. Unavailable when
    // the deny-list cannot be read (fail closed: a revoked token is never let through).
    boost::asio::awaitable<Principal> authenticate(const http::Request& request) const;
    boost::asio::awaitable<Principal> authenticate_token(std::string_view token) const;
    // (Which routes a principal may call: identity/secured_routes.h, from the access policy.)
    // Asks the deny-list again, bypassing the revocation cache: for an answer the caller is about to
    // give by itself (a refusal other than 401, or a 503 of a service not built yet), so that a
    // signed-out token is told "sign in again" (401 INVALID_TOKEN) first. Same errors as authenticate().
    boost::asio::awaitable<void> require_not_revoked(const Principal& principal) const;

  private:
    boost::asio::awaitable<void> require_not_denied(std::string_view jti) const;

    std::shared_ptr<const security::JwtVerifier> verifier_;
    mutable std::optional<redis::DenyList>
        deny_list_;  // lookups do not change it; its client API is not const
    KeyRefresh refresh_keys_;
    std::unique_ptr<RevocationCache> cleared_;  // null = no caching
};

}  // namespace bh::identity
