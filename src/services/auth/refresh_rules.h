#pragma once
// What a presented refresh token leads to. Plain rules, no I/O: the repository reads the row, this
// decides, the flow acts (rotate, or refuse and possibly revoke the whole session).
#include <chrono>
#include <optional>
#include <string_view>

namespace bh::auth {

struct StoredRefreshToken {
    bool rotated = false;          // already exchanged once
    bool session_revoked = false;  // signed out, reset, reused, deleted
    std::chrono::system_clock::time_point expires_at{};
};

enum class RefreshDecision {
    Rotate,   // valid: issue a new pair, retire this token
    Unknown,  // no such token
    Reused,   // a rotated token came back: stolen or replayed, revoke the whole session
    Revoked,  // its session is over
    Expired,
};

RefreshDecision decide_refresh(const std::optional<StoredRefreshToken>& token,
                               std::chrono::system_clock::time_point now);
std::string_view to_string(RefreshDecision decision);

}  // namespace bh::auth
