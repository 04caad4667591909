#include "identity/authenticator.h"

#include <string>

#include "core/error.h"

namespace bh::identity {

namespace {

// Distinct tokens remembered at once; beyond it the cache starts over (see RevocationCache).
constexpr std::size_t kRevocationCacheEntries = 16'384;

AppError invalid_token(std::string detail) {
    return AppError(ErrorKind::Unauthorized, errc::kInvalidToken, "This token is not valid",
                    std::move(detail));
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

}  // namespace

std::optional<std::string_view> bearer_token(std::string_view authorization) {
    constexpr std::string_view kScheme = "bearer";
    if (authorization.size() <= kScheme.size() + 1) return std::nullopt;
    if (!iequals(authorization.substr(0, kScheme.size()), kScheme) || authorization[kScheme.size()] != ' ') {
        return std::nullopt;
    }
    auto token = authorization.substr(kScheme.size() + 1);
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
    if (token.empty()) return std::nullopt;
    return token;
}

Authenticator::Authenticator(std::shared_ptr<const security::JwtVerifier> verifier,
                             std::optional<redis::DenyList> deny_list, KeyRefresh refresh_keys,
                             std::chrono::milliseconds revocation_cache)
    : verifier_(std::move(verifier)),
      deny_list_(std::move(deny_list)),
      refresh_keys_(std::move(refresh_keys)),
      cleared_(revocation_cache > std::chrono::milliseconds::zero()
                   ? std::make_unique<RevocationCache>(revocation_cache, kRevocationCacheEntries)
                   : nullptr) {}

boost::asio::awaitable<Principal> Authenticator::authenticate(const http::Request& request) const {
    const auto token = bearer_token(request.header("authorization"));
    if (!token) {
        throw AppError(ErrorKind::Unauthorized, errc::kInvalidAuthorizationHeader,
                       "Authorization header missing or invalid");
    }
    co_return co_await authenticate_token(*token);
}

boost::asio::awaitable<Principal> Authenticator::authenticate_token(std::string_view token) const {
    security::JwtClaims claims;
    auto error = verifier_->try_verify(token, claims);
    if (error == security::JwtError::UnknownKid && refresh_keys_) {
        // Copy first: the view may not survive the suspension if the caller's buffer moves.
        const std::string kept(token);
        // (g++ 12 miscompiles `if (co_await ...)`: the result goes through a named variable.)
        const bool refreshed = co_await refresh_keys_();
        if (refreshed) error = verifier_->try_verify(kept, claims);
    }
    if (error != security::JwtError::None) throw invalid_token(std::string(security::to_string(error)));
    if (deny_list_ && !(cleared_ && cleared_->recently_cleared(claims.jti, RevocationCache::Clock::now()))) {
        const auto asked_at = RevocationCache::Clock::now();  // the answer is as old as the question
        co_await require_not_denied(claims.jti);
        if (cleared_) cleared_->cleared(claims.jti, asked_at);
    }
    co_return Principal::from_claims(claims);
}

boost::asio::awaitable<void> Authenticator::require_not_revoked(const Principal& principal) const {
    if (deny_list_) co_await require_not_denied(principal.jti);
}

boost::asio::awaitable<void> Authenticator::require_not_denied(std::string_view jti) const {
    bool revoked = false;
    try {
        revoked = co_await deny_list_->contains(jti);
    } catch (const AppError& e) {
        throw unavailable("Token revocation cannot be checked right now", e.detail());
    }
    if (revoked) throw invalid_token("revoked (signed out)");
}

}  // namespace bh::identity
