#include "services/auth/auth_flows.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/this_coro.hpp>

#include "core/error.h"
#include "db/transaction.h"
#include "identity/roles.h"
#include "outbox/outbox.h"
#include "outbox/processed_events.h"
#include "security/digest.h"
#include "security/random_token.h"
#include "services/auth/auth_errors.h"
#include "services/auth/domain/access_rules.h"
#include "services/auth/domain/refresh_rules.h"
#include "services/auth/sessions/denied_token_repository.h"
#include "services/auth/sessions/session_repository.h"
#include "services/auth/users/reset_notification.h"

namespace bh::auth {

namespace {

namespace asio = boost::asio;
using db::Isolation;
using db::Transaction;

constexpr std::size_t kTokenBytes = 32;  // 256-bit refresh and reset tokens

}  // namespace

AuthFlows::AuthFlows(db::Pool& pool, security::PasswordHasher& hasher, AccessTokenIssuer issuer,
                     redis::DenyList deny_list, AttemptLimits limits, FlowSettings settings,
                     const Clock& clock)
    : pool_(pool),
      hasher_(hasher),
      issuer_(std::move(issuer)),
      deny_list_(std::move(deny_list)),
      limits_(std::move(limits)),
      settings_(std::move(settings)),
      clock_(&clock) {}

asio::awaitable<SessionTokens> AuthFlows::open_session(db::Connection& db, const User& user) {
    const auto session_id = Uuid::v7(*clock_);
    auto access = issuer_.issue(user, session_id);
    auto refresh = security::random_token(kTokenBytes);
    co_await sessions::create(db, session_id, user.id, access.ref);
    co_await sessions::add_refresh_token(db, security::sha256_hex(refresh), session_id,
                                         clock_->now() + settings_.refresh_lifetime);
    co_return SessionTokens{user.id, std::move(access.token), std::move(refresh), user};
}

asio::awaitable<std::optional<std::string>> AuthFlows::rotate_access(
    db::Connection& db, const User& user, const sessions::RefreshTokenRow& row,
    std::vector<sessions::AccessTokenRef>& retired) {
    auto access = issuer_.issue(user, row.session_id);  // with the user's current roles
    // First, so a revoke that won the session row leaves nothing rotated.
    const auto previous = co_await sessions::set_last_access(db, row.session_id, access.ref);
    if (!previous) co_return std::nullopt;
    // Revocation only knows the newest access token, so the one replaced here is denied now. Inside
    // the transaction: if the deny-list is down, the refresh rolls back and the client can retry
    // with the same refresh token (not seen as reuse).
    retired = {*previous};
    co_await deny(retired);
    co_await sessions::mark_rotated(db, row.token_hash, row.session_id, clock_->now());
    co_return std::move(access.token);
}

asio::awaitable<void> AuthFlows::deny(const std::vector<sessions::AccessTokenRef>& tokens) {
    for (const auto& token : tokens) co_await deny_list_.add(token.jti, token.expires_at + settings_.leeway);
}

asio::awaitable<User> AuthFlows::load_user(const UserId& id) {
    auto lease = co_await pool_.acquire();
    auto user = co_await users::find_by_id(*lease, id);
    if (!user) throw user_not_found(id.to_string());
    co_return std::move(*user);
}

asio::awaitable<void> AuthFlows::verify_password(const User& user, const std::string& password) {
    const bool matches = co_await hasher_.verify(password, user.password_hash);
    if (!matches) throw invalid_password();
}

asio::awaitable<SessionTokens> AuthFlows::sign_in(const SignInRequest& request, const std::string& address) {
    co_await limits_.sign_in(request.email, address);
    std::optional<User> user;
    {
        auto lease = co_await pool_.acquire();
        user = co_await users::find_by_email(*lease, request.email);
    }
    if (!user) {
        // As slow as a real check, and the same answer: the reply does not tell whether the account exists.
        co_await hasher_.verify_unknown_user(request.password);
        throw invalid_credentials();
    }
    const bool matches = co_await hasher_.verify(request.password, user->password_hash);
    if (!matches) throw invalid_credentials();
    co_return co_await db::with_transaction(pool_, Isolation::ReadCommitted,
                                            [&](Transaction& tx) -> asio::awaitable<SessionTokens> {
                                                co_return co_await open_session(tx.connection(), *user);
                                            });
}

asio::awaitable<SessionTokens> AuthFlows::refresh(const std::string& refresh_token) {
    struct Outcome {
        RefreshDecision decision = RefreshDecision::Unknown;
        std::optional<SessionTokens> tokens;
        std::vector<sessions::AccessTokenRef> revoked;
        std::vector<sessions::AccessTokenRef> retired;  // by a rotation
    };
    const auto hash = security::sha256_hex(refresh_token);
    auto outcome = co_await db::with_transaction(
        pool_, Isolation::ReadCommitted, [&](Transaction& tx) -> asio::awaitable<Outcome> {
            Outcome out;
            auto& db = tx.connection();
            auto row = co_await sessions::find_refresh_for_update(db, hash);
            out.decision = decide_refresh(row ? std::optional(row->state) : std::nullopt, clock_->now(),
                                          settings_.refresh_reuse_grace);
            if (out.decision == RefreshDecision::Reused) {
                out.revoked = co_await sessions::revoke(db, row->session_id, "refresh token reused");
            } else if (out.decision == RefreshDecision::Rotate ||
                       out.decision == RefreshDecision::RotateInGrace) {
                auto user = co_await users::find_by_id(db, row->user_id);
                if (!user) {
                    out.decision = RefreshDecision::Revoked;
                    co_return out;
                }
                std::optional<std::string> access;
                if (out.decision == RefreshDecision::Rotate) {
                    access = co_await rotate_access(db, *user, *row, out.retired);
                } else {
                    // The same burst as the rotation that spent this token (the session row is locked
                    // and still names it as its latest rotation): a token of the access grant that
                    // rotation issued. Same jti and exp, so nothing is retired (a parallel request
                    // holding the first answer's token keeps working) and revocation, which denies the
                    // session's newest jti, still ends every one of them. The grant was issued at the
                    // rotation, less than the grace (≤ 30 s) ago, and lives at least
                    // auth.access_token_ttl (≥ 1 min): it has not expired.
                    access = issuer_.reissue(*user, row->session_id, row->access).token;
                }
                if (!access) {
                    out.decision = RefreshDecision::Revoked;
                    co_return out;
                }
                // Either way a fresh refresh token of the same family, usable once.
                auto next = security::random_token(kTokenBytes);
                co_await sessions::add_refresh_token(db, security::sha256_hex(next), row->session_id,
                                                     clock_->now() + settings_.refresh_lifetime);
                out.tokens = SessionTokens{user->id, std::move(*access), std::move(next), *user};
            }
            co_return out;
        });
    if (outcome.tokens) {
        // Denied once more now that the record committed: a Redis that lost the list and was rebuilt
        // between the denial inside the transaction and the commit would otherwise miss this token.
        // Best effort: if Redis is down now, its list still holds the first denial or, lost, is
        // rebuilt from the committed record.
        try {
            co_await deny(outcome.retired);
        } catch (const AppError& e) {
            spdlog::warn("auth: a retired access token could not be denied again after the commit: {}",
                         e.what());
        }
        co_return std::move(*outcome.tokens);
    }
    if (outcome.decision == RefreshDecision::Reused) {
        spdlog::warn("auth: rotated refresh token presented again; session revoked");
        co_await deny(outcome.revoked);
    }
    throw invalid_refresh_token(std::string(to_string(outcome.decision)));
}

asio::awaitable<void> AuthFlows::sign_out(const Caller& caller) {
    std::vector<sessions::AccessTokenRef> revoked;
    const sessions::AccessTokenRef own{caller.principal.jti,
                                       std::chrono::system_clock::time_point(caller.principal.expires_at)};
    {
        auto lease = co_await pool_.acquire();
        if (caller.session_id) revoked = co_await sessions::revoke(*lease, *caller.session_id, "signed out");
        // The session's revocation records its newest token; the caller's own is recorded as well
        // (the record is what the Redis deny-list is rebuilt from).
        const std::vector<sessions::AccessTokenRef> own_token{own};
        co_await denied_tokens::record(*lease, own_token);
    }
    revoked.push_back(own);
    co_await deny(revoked);
}

asio::awaitable<SessionTokens> AuthFlows::register_user(Registration registration,
                                                        const std::string& address) {
    co_await limits_.registration(address);
    User user;
    user.id = UserId(Uuid::v7(*clock_));
    user.profile = std::move(registration.profile);
    {
        auto lease = co_await pool_.acquire();
        co_await users::ensure_unique(*lease, user.profile);  // 409 before paying for a hash
    }
    user.password_hash = co_await hasher_.hash(std::move(registration.password));
    co_return co_await db::with_transaction(
        pool_, Isolation::ReadCommitted, [&](Transaction& tx) -> asio::awaitable<SessionTokens> {
            auto& db = tx.connection();
            User created = user;
            co_await users::ensure_unique(db, created.profile);
            co_await users::insert(db, created);
            created.roles.clear();
            const bool first = co_await users::claim_first_admin(db, created.id);
            if (first) {
                co_await users::grant_role(db, created.id, identity::role::kAdmin);
                created.roles.emplace_back(identity::role::kAdmin);
                spdlog::info("auth: first registered user {} is ADMIN", created.id.to_string());
            }
            co_return co_await open_session(db, created);
        });
}

asio::awaitable<User> AuthFlows::update(const Caller& caller, ProfileUpdate update,
                                        const std::string& address) {
    require_self(caller.principal, update.id);
    auto user = co_await load_user(update.id);
    co_await limits_.sign_in(user.profile.email, address);  // a password check, as throttled as sign-in
    co_await verify_password(user, update.current_password);
    std::optional<std::string> new_hash;
    if (!update.new_password.empty()) new_hash = co_await hasher_.hash(std::move(update.new_password));
    auto revoked = co_await db::with_transaction(
        pool_, Isolation::ReadCommitted,
        [&](Transaction& tx) -> asio::awaitable<std::vector<sessions::AccessTokenRef>> {
            auto& db = tx.connection();
            co_await users::ensure_unique(db, update.profile, update.id);
            co_await users::update_profile(db, update.id, update.profile, new_hash);
            // A new password ends every other session (a thief's included); this one goes on.
            if (!new_hash) co_return std::vector<sessions::AccessTokenRef>{};
            co_return co_await sessions::revoke_all_of_user(db, update.id, "password changed",
                                                            caller.session_id);
        });
    co_await deny(revoked);
    co_return co_await load_user(update.id);
}

asio::awaitable<void> AuthFlows::remove(const Caller& caller, const DeleteRequest& request,
                                        const std::string& address) {
    require_self(caller.principal, request.id);
    auto user = co_await load_user(request.id);
    co_await limits_.sign_in(user.profile.email, address);  // a password check, as throttled as sign-in
    co_await verify_password(user, request.password);
    auto revoked = co_await db::with_transaction(
        pool_, Isolation::ReadCommitted,
        [&](Transaction& tx) -> asio::awaitable<std::vector<sessions::AccessTokenRef>> {
            auto& db = tx.connection();
            co_await users::lock_roles(db);  // the last ADMIN check must not race a grant or revoke
            // Roles as they are now, under the lock: an ADMIN granted while the password was being
            // checked counts too.
            const auto current = co_await users::find_by_id(db, request.id);
            if (!current) throw user_not_found(request.id.to_string());
            const auto& roles = current->roles;
            if (std::find(roles.begin(), roles.end(), identity::role::kAdmin) != roles.end()) {
                const auto admins = co_await users::count_with_role(db, identity::role::kAdmin);
                require_admin_remains(identity::role::kAdmin, true, admins);
            }
            auto refs = co_await sessions::revoke_all_of_user(db, request.id, "account deleted");
            // Personal data goes with the row; roles, sessions and reset tokens cascade.
            const bool removed = co_await users::remove(db, request.id);
            if (!removed) throw user_not_found(request.id.to_string());
            co_return refs;
        });
    revoked.push_back(
        {caller.principal.jti, std::chrono::system_clock::time_point(caller.principal.expires_at)});
    co_await deny(revoked);
}

asio::awaitable<void> AuthFlows::recover_password(const std::string& email, const std::string& address) {
    co_await limits_.recover(email, address);
    const auto event = recovery_requested_event(settings_.recovery_topic, email);
    co_await db::with_transaction(
        pool_, Isolation::ReadCommitted,
        [&](Transaction& tx) -> asio::awaitable<void> { co_await outbox::enqueue(tx, event); });
}

asio::awaitable<void> AuthFlows::on_recovery_requested(const bus::Message& message) {
    const auto email = recovery_email(message);  // a malformed request is dead-lettered, not retried
    co_await outbox::apply_once(
        pool_, "auth-recovery", message,
        [&](Transaction& tx) -> asio::awaitable<void> { co_await send_reset_link(tx, email); });
}

asio::awaitable<void> AuthFlows::send_reset_link(Transaction& tx, const std::string& email) {
    auto& db = tx.connection();
    const auto user = co_await users::find_by_email(db, email);
    if (!user) {
        spdlog::info("auth: password recovery for an unknown e-mail (answered as usual)");
        co_return;
    }
    const auto token = security::random_token(kTokenBytes);
    const auto expires_at = clock_->now() + settings_.reset_lifetime;
    const auto url = reset_url(settings_.reset_base_url, token);
    co_await sessions::retire_reset_tokens(db, user->id, clock_->now());  // the newest link wins
    co_await sessions::add_reset_token(db, security::sha256_hex(token), user->id, expires_at);
    const auto event =
        password_reset_event(settings_.notification_topic, Uuid::v7(*clock_), *user, url, expires_at);
    co_await outbox::enqueue(tx, event);
}

asio::awaitable<void> AuthFlows::reset_password(const ResetPasswordRequest& request) {
    const auto hash = security::sha256_hex(request.token);
    {
        // Cheap check first, so a bad token never costs an argon2 hash.
        auto lease = co_await pool_.acquire();
        const auto owner = co_await sessions::find_reset_token(*lease, hash, clock_->now());
        if (!owner) throw invalid_reset_token();
    }
    const auto password_hash = co_await hasher_.hash(request.new_password);
    auto revoked = co_await db::with_transaction(
        pool_, Isolation::ReadCommitted,
        [&](Transaction& tx) -> asio::awaitable<std::vector<sessions::AccessTokenRef>> {
            auto& db = tx.connection();
            // The single-use gate: of two concurrent resets with one token, one UPDATE wins.
            auto user = co_await sessions::consume_reset_token(db, hash, clock_->now());
            if (!user) throw invalid_reset_token();
            co_await users::set_password(db, *user, password_hash);
            co_await sessions::retire_reset_tokens(db, *user, clock_->now());
            co_return co_await sessions::revoke_all_of_user(db, *user, "password reset");
        });
    co_await deny(revoked);
}

asio::awaitable<bool> AuthFlows::is_logged_in(const Caller& caller, const std::optional<std::string>& nif) {
    if (!caller.session_id) co_return false;
    auto lease = co_await pool_.acquire();
    const bool active = co_await sessions::is_active(*lease, *caller.session_id);
    if (!active) co_return false;
    if (nif) {
        // (No co_await inside ?: — g++ 12 miscompiles it.)
        const auto id = UserId::parse(caller.principal.user_id);
        if (!id) co_return false;
        const auto user = co_await users::find_by_id(*lease, *id);
        if (!user || user->profile.nif != *nif) co_return false;
    }
    co_return true;
}

asio::awaitable<User> AuthFlows::get_user(const Caller& caller, const UserId& id) {
    require_can_view(caller.principal, id);
    co_return co_await load_user(id);
}

asio::awaitable<Page<User>> AuthFlows::list_users(const PageRequest& page) {
    auto lease = co_await pool_.acquire();
    co_return co_await users::list(*lease, page);
}

asio::awaitable<User> AuthFlows::grant_role(const Caller& caller, const UserId& id, const std::string& role) {
    co_await db::with_transaction(pool_, Isolation::ReadCommitted,
                                  [&](Transaction& tx) -> asio::awaitable<void> {
                                      auto& db = tx.connection();
                                      co_await users::lock_roles(db);
                                      const auto target = co_await users::find_by_id(db, id);
                                      if (!target) throw user_not_found(id.to_string());
                                      co_await users::grant_role(db, id, role);
                                  });
    spdlog::info("auth: {} granted {} to {}", caller.principal.user_id, role, id.to_string());
    co_return co_await load_user(id);
}

asio::awaitable<User> AuthFlows::revoke_role(const Caller& caller, const UserId& id,
                                             const std::string& role) {
    auto revoked = co_await db::with_transaction(
        pool_, Isolation::ReadCommitted,
        [&](Transaction& tx) -> asio::awaitable<std::vector<sessions::AccessTokenRef>> {
            auto& db = tx.connection();
            co_await users::lock_roles(db);
            auto user = co_await users::find_by_id(db, id);
            if (!user) throw user_not_found(id.to_string());
            const bool holds = std::find(user->roles.begin(), user->roles.end(), role) != user->roles.end();
            const auto admins = co_await users::count_with_role(db, identity::role::kAdmin);
            require_admin_remains(role, holds, admins);
            if (!holds) co_return std::vector<sessions::AccessTokenRef>{};
            co_await users::revoke_role(db, id, role);
            // Tokens carry roles: end the user's sessions so the lost role stops working now.
            co_return co_await sessions::revoke_all_of_user(db, id, "role revoked");
        });
    co_await deny(revoked);
    spdlog::info("auth: {} revoked {} from {}", caller.principal.user_id, role, id.to_string());
    co_return co_await load_user(id);
}

}  // namespace bh::auth
