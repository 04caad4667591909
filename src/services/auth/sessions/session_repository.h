#pragma once
// SQL for sessions (refresh-token families), refresh tokens and password-reset tokens. Tokens are
// stored as SHA-256 hex only.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.h"
#include "core/uuid.h"
#include "db/connection.h"
#include "services/auth/domain/refresh_rules.h"

namespace bh::auth::sessions {

using TimePoint = std::chrono::system_clock::time_point;

// The access token a session handed out last: what revocation must deny.
struct AccessTokenRef {
    std::string jti;
    TimePoint expires_at;
};

boost::asio::awaitable<void> create(db::Connection& db, const Uuid& session_id, const UserId& user,
                                    const AccessTokenRef& access);
boost::asio::awaitable<void> add_refresh_token(db::Connection& db, const std::string& token_hash,
                                               const Uuid& session_id, TimePoint expires_at);

struct RefreshTokenRow {
    std::string token_hash;
    Uuid session_id;
    UserId user_id;
    StoredRefreshToken state;
    AccessTokenRef access;  // the session's newest access token
};
// Locks the token row and its session's (two concurrent refreshes with one token: the second sees
// it rotated, and the session as the first left it; a concurrent revoke waits or is seen).
boost::asio::awaitable<std::optional<RefreshTokenRow>> find_refresh_for_update(db::Connection& db,
                                                                               const std::string& token_hash);
// Spends `token_hash` and every other unspent token of its session (siblings from a grace refresh)
// at `at`, and makes it the session's latest rotation. Before adding the successor.
boost::asio::awaitable<void> mark_rotated(db::Connection& db, const std::string& token_hash,
                                          const Uuid& session_id, TimePoint at);
// Records `access` as the session's newest access token and returns the one it replaces (which the
// caller must deny-list: revocation only knows the newest). nullopt when the session is revoked (or
// gone): the refresh must fail. Locks the session row, so a concurrent revoke either sees `access` or
// makes this return nullopt.
boost::asio::awaitable<std::optional<AccessTokenRef>> set_last_access(db::Connection& db,
                                                                      const Uuid& session_id,
                                                                      const AccessTokenRef& access);

// Each returns the access tokens of the sessions it revoked (to put on the deny-list).
boost::asio::awaitable<std::vector<AccessTokenRef>> revoke(db::Connection& db, const Uuid& session_id,
                                                           std::string_view reason);
// `keep`: a session left alone (the caller's own, on a password change).
boost::asio::awaitable<std::vector<AccessTokenRef>> revoke_all_of_user(
    db::Connection& db, const UserId& user, std::string_view reason, std::optional<Uuid> keep = std::nullopt);
// True while the session exists and is not revoked.
boost::asio::awaitable<bool> is_active(db::Connection& db, const Uuid& session_id);

boost::asio::awaitable<void> add_reset_token(db::Connection& db, const std::string& token_hash,
                                             const UserId& user, TimePoint expires_at);
// The user of an unused, unexpired reset token (no change: lets the caller hash first).
boost::asio::awaitable<std::optional<UserId>> find_reset_token(db::Connection& db,
                                                               const std::string& token_hash, TimePoint now);
// Marks the token used if it is unused and unexpired at `now`, and returns its user; else nullopt.
// Single use by construction: one UPDATE ... WHERE used_at IS NULL.
boost::asio::awaitable<std::optional<UserId>> consume_reset_token(db::Connection& db,
                                                                  const std::string& token_hash,
                                                                  TimePoint now);
// Retires every other outstanding reset token of the user.
boost::asio::awaitable<void> retire_reset_tokens(db::Connection& db, const UserId& user, TimePoint now);

}  // namespace bh::auth::sessions
