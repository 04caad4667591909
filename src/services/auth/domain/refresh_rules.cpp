#include "services/auth/domain/refresh_rules.h"

namespace bh::auth {

namespace {

// A concurrent use of a just-rotated token: the session is alive, nothing newer was spent since,
// and the rotation is less than `grace` old (a clock behind the rotating instance's counts as
// inside the window).
bool within_grace(const StoredRefreshToken& token, std::chrono::system_clock::time_point now,
                  std::chrono::milliseconds grace) {
    return grace > std::chrono::milliseconds::zero() && !token.session_revoked && token.latest_rotation &&
           now < token.expires_at && now < token.rotated_at + grace;
}

}  // namespace

RefreshDecision decide_refresh(const std::optional<StoredRefreshToken>& token,
                               std::chrono::system_clock::time_point now,
                               std::chrono::milliseconds reuse_grace) {
    if (!token) return RefreshDecision::Unknown;
    if (token->rotated) {
        if (within_grace(*token, now, reuse_grace)) return RefreshDecision::RotateInGrace;
        // Reuse is checked before revocation: a replay after sign-out is still worth recording as one.
        return RefreshDecision::Reused;
    }
    if (token->session_revoked) return RefreshDecision::Revoked;
    if (now >= token->expires_at) return RefreshDecision::Expired;
    return RefreshDecision::Rotate;
}

std::string_view to_string(RefreshDecision decision) {
    switch (decision) {
        case RefreshDecision::Rotate:
            return "rotate";
        case RefreshDecision::RotateInGrace:
            return "rotate within the reuse grace";
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
