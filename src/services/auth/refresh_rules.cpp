#include "services/auth/refresh_rules.h"

namespace bh::auth {

RefreshDecision decide_refresh(const std::optional<StoredRefreshToken>& token,
                               std::chrono::system_clock::time_point now) {
    if (!token) return RefreshDecision::Unknown;
    // Reuse is checked before revocation: a replay after sign-out is still worth recording as one.
    if (token->rotated) return RefreshDecision::Reused;
    if (token->session_revoked) return RefreshDecision::Revoked;
    if (now >= token->expires_at) return RefreshDecision::Expired;
    return RefreshDecision::Rotate;
}

std::string_view to_string(RefreshDecision decision) {
    switch (decision) {
        case RefreshDecision::Rotate:
            return "rotate";
        case RefreshDecision::Unknown:
            return "unknown refresh token";
        case RefreshDecision::Reused:
            return "rotated refresh token reused: session revoked";
        case RefreshDecision::Revoked:
            return "session revoked";
        case RefreshDecision::Expired:
            return "refresh token expired";
    }
    return "?";
}

}  // namespace bh::auth
