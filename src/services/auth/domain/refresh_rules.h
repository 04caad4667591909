#pragma once
// What a presented refresh token leads to. Plain rules, no I/O: the repository reads the row, this
// decides, the flow acts (rotate, or refuse and possibly revoke the whole session).
//
// Parallel refreshes (issue 13): a client whose access token expired often sends several requests
// at once, each refreshing with the same refresh token. The first use rotates it; a use of that
// token within `reuse_grace` of its rotation, while it is still the session's latest rotation,
// is the same burst and gets a fresh sibling (RotateInGrace) instead of revoking the family. Past
// the grace, or once a newer token of the family has been spent, a rotated token coming back is
// theft (Reused).
#include <chrono>
#include <optional>
#include <string_view>

namespace bh::auth {

struct StoredRefreshToken {
    bool rotated = false;          // already exchanged once (or spent by a newer rotation)
    bool session_revoked = false;  // signed out, reset, reused, deleted
    std::chrono::system_clock::time_point expires_at{};
    std::chrono::system_clock::time_point rotated_at{};  // meaningful when rotated
    bool latest_rotation = false;  // the session's most recent rotation was of this token
};

enum class RefreshDecision {
    Rotate,         // valid: issue a new pair, retire this token
    RotateInGrace,  // rotated a moment ago, same burst: a new refresh token, the same access grant
    Unknown,        // no such token
    Reused,         // a rotated token came back: stolen or replayed, revoke the whole session
    Revoked,        // its session is over
    Expired,
};

// `reuse_grace` zero: every reuse of a rotated token is theft.
RefreshDecision decide_refresh(const std::optional<StoredRefreshToken>& token,
                               std::chrono::system_clock::time_point now,
                               std::chrono::milliseconds reuse_grace = std::chrono::milliseconds::zero());
std::string_view to_string(RefreshDecision decision);

}  // namespace bh::auth
