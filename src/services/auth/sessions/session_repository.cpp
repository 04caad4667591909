#include "services/auth/sessions/session_repository.h"

#include "db/statement.h"

namespace bh::auth::sessions {

namespace {

namespace asio = boost::asio;

constexpr db::Statement kCreate{
    "auth.session_create",
    "INSERT INTO sessions (id, user_id, last_access_jti, last_access_exp) VALUES ($1, $2, $3, $4)"};
constexpr db::Statement kAddRefresh{
    "auth.refresh_add",
    "INSERT INTO refresh_tokens (token_hash, session_id, expires_at) VALUES ($1, $2, $3)"};
// Locks the token's row and its session's: uses of one token serialise, and the session's state
// (revoked, newest access token, latest rotation) cannot change until this refresh commits.
constexpr db::Statement kFindRefresh{
    "auth.refresh_find",
    "SELECT t.session_id, s.user_id, t.rotated_at IS NOT NULL AS rotated, s.revoked_at IS NOT NULL AS "
    "revoked, t.expires_at, t.rotated_at, coalesce(s.last_rotated_hash = t.token_hash, false) AS latest, "
    "s.last_access_jti, s.last_access_exp "
    "FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id WHERE t.token_hash = $1 "
    "FOR UPDATE OF t, s"};
// Spends every unspent token of the session (the presented one and any sibling a grace refresh
// handed out) and records the presented one as the session's latest rotation.
constexpr db::Statement kMarkRotated{
    "auth.refresh_rotated",
    "WITH spent AS (UPDATE refresh_tokens SET rotated_at = $3 WHERE session_id = $2 AND rotated_at IS NULL) "
    "UPDATE sessions SET last_rotated_hash = $1 WHERE id = $2"};
// The statements that retire access tokens also record them in denied_access_tokens, in the same
// statement: the record the Redis deny-list is rebuilt from commits with the revocation itself.
#define BH_RECORD_DENIED(returned)                                                                   \
    ", denied AS (INSERT INTO denied_access_tokens (jti, expires_at) SELECT jti, exp FROM " returned \
    " ON CONFLICT (jti) DO NOTHING) SELECT jti, exp FROM " returned
constexpr db::Statement kSetLastAccess{
    "auth.session_last_access",
    "WITH previous AS (SELECT id, last_access_jti, last_access_exp FROM sessions "
    "WHERE id = $1 AND revoked_at IS NULL FOR UPDATE), "
    "replaced AS (UPDATE sessions s SET last_access_jti = $2, last_access_exp = $3 FROM previous "
    "WHERE s.id = previous.id AND s.revoked_at IS NULL "
    "RETURNING previous.last_access_jti AS jti, previous.last_access_exp AS exp)" BH_RECORD_DENIED(
        "replaced")};
constexpr db::Statement kRevoke{
    "auth.session_revoke",
    "WITH revoked AS (UPDATE sessions SET revoked_at = now(), revoke_reason = $2 WHERE id = $1 AND "
    "revoked_at IS NULL RETURNING last_access_jti AS jti, last_access_exp AS exp)" BH_RECORD_DENIED(
        "revoked")};
constexpr db::Statement kRevokeUser{
    "auth.session_revoke_user",
    "WITH revoked AS (UPDATE sessions SET revoked_at = now(), revoke_reason = $2 WHERE user_id = $1 AND "
    "revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3) RETURNING last_access_jti AS jti, last_access_exp "
    "AS "
    "exp)" BH_RECORD_DENIED("revoked")};
#undef BH_RECORD_DENIED
constexpr db::Statement kIsActive{"auth.session_active",
                                  "SELECT 1 FROM sessions WHERE id = $1 AND revoked_at IS NULL"};
constexpr db::Statement kAddReset{
    "auth.reset_add",
    "INSERT INTO password_reset_tokens (token_hash, user_id, expires_at) VALUES ($1, $2, $3)"};
constexpr db::Statement kConsumeReset{"auth.reset_consume",
                                      "UPDATE password_reset_tokens SET used_at = $2 WHERE token_hash = $1 "
                                      "AND used_at IS NULL AND expires_at > $2 "
                                      "RETURNING user_id"};
constexpr db::Statement kFindReset{"auth.reset_find",
                                   "SELECT user_id FROM password_reset_tokens WHERE token_hash = $1 AND "
                                   "used_at IS NULL AND expires_at > $2"};
constexpr db::Statement kRetireResets{
    "auth.reset_retire",
    "UPDATE password_reset_tokens SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL"};

std::vector<AccessTokenRef> access_refs(const db::Result& result) {
    std::vector<AccessTokenRef> refs;
    for (const auto& row : result) {
        refs.push_back({row.get<std::string>(0), row.get<TimePoint>(1)});
    }
    return refs;
}

}  // namespace

asio::awaitable<void> create(db::Connection& db, const Uuid& session_id, const UserId& user,
                             const AccessTokenRef& access) {
    co_await db.execute(kCreate, db::Params{session_id, user, access.jti, access.expires_at});
}

asio::awaitable<void> add_refresh_token(db::Connection& db, const std::string& token_hash,
                                        const Uuid& session_id, TimePoint expires_at) {
    co_await db.execute(kAddRefresh, db::Params{token_hash, session_id, expires_at});
}

asio::awaitable<std::optional<RefreshTokenRow>> find_refresh_for_update(db::Connection& db,
                                                                        const std::string& token_hash) {
    auto result = co_await db.execute(kFindRefresh, db::Params{token_hash});
    auto row = result.maybe_one();
    if (!row) co_return std::nullopt;
    RefreshTokenRow out;
    out.token_hash = token_hash;
    out.session_id = row->get<Uuid>("session_id");
    out.user_id = row->get<UserId>("user_id");
    out.state.rotated = row->get<bool>("rotated");
    out.state.session_revoked = row->get<bool>("revoked");
    out.state.expires_at = row->get<TimePoint>("expires_at");
    if (out.state.rotated) out.state.rotated_at = row->get<TimePoint>("rotated_at");
    out.state.latest_rotation = row->get<bool>("latest");
    out.access = {row->get<std::string>("last_access_jti"), row->get<TimePoint>("last_access_exp")};
    co_return out;
}

asio::awaitable<void> mark_rotated(db::Connection& db, const std::string& token_hash, const Uuid& session_id,
                                   TimePoint at) {
    co_await db.execute(kMarkRotated, db::Params{token_hash, session_id, at});
}

asio::awaitable<std::optional<AccessTokenRef>> set_last_access(db::Connection& db, const Uuid& session_id,
                                                               const AccessTokenRef& access) {
    const db::Params params{session_id, access.jti, access.expires_at};
    const auto result = co_await db.execute(kSetLastAccess, params);
    auto refs = access_refs(result);
    if (refs.empty()) co_return std::nullopt;
    co_return std::move(refs.front());
}

asio::awaitable<std::vector<AccessTokenRef>> revoke(db::Connection& db, const Uuid& session_id,
                                                    std::string_view reason) {
    co_return access_refs(co_await db.execute(kRevoke, db::Params{session_id, reason}));
}

asio::awaitable<std::vector<AccessTokenRef>> revoke_all_of_user(db::Connection& db, const UserId& user,
                                                                std::string_view reason,
                                                                std::optional<Uuid> keep) {
    co_return access_refs(co_await db.execute(kRevokeUser, db::Params{user, reason, keep}));
}

asio::awaitable<bool> is_active(db::Connection& db, const Uuid& session_id) {
    auto result = co_await db.execute(kIsActive, db::Params{session_id});
    co_return !result.empty();
}

asio::awaitable<void> add_reset_token(db::Connection& db, const std::string& token_hash, const UserId& user,
                                      TimePoint expires_at) {
    co_await db.execute(kAddReset, db::Params{token_hash, user, expires_at});
}

asio::awaitable<std::optional<UserId>> consume_reset_token(db::Connection& db, const std::string& token_hash,
                                                           TimePoint now) {
    auto result = co_await db.execute(kConsumeReset, db::Params{token_hash, now});
    auto row = result.maybe_one();
    if (!row) co_return std::nullopt;
    co_return row->get<UserId>(0);
}

asio::awaitable<std::optional<UserId>> find_reset_token(db::Connection& db, const std::string& token_hash,
                                                        TimePoint now) {
    auto result = co_await db.execute(kFindReset, db::Params{token_hash, now});
    auto row = result.maybe_one();
    if (!row) co_return std::nullopt;
    co_return row->get<UserId>(0);
}

asio::awaitable<void> retire_reset_tokens(db::Connection& db, const UserId& user, TimePoint now) {
    co_await db.execute(kRetireResets, db::Params{user, now});
}

}  // namespace bh::auth::sessions
