#pragma once
// The auth use cases (seed-spec §6.2, with its ⚠ fixed): each takes validated input and the
// caller's identity, runs its transaction, and returns plain results. HTTP lives in auth_routes.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "bus/message.h"
#include "core/clock.h"
#include "db/pool.h"
#include "db/transaction.h"
#include "identity/principal.h"
#include "redis/deny_list.h"
#include "security/password_hasher.h"
#include "services/auth/domain/user.h"
#include "services/auth/domain/user_validation.h"
#include "services/auth/sessions/access_tokens.h"
#include "services/auth/sessions/attempt_limits.h"
#include "services/auth/sessions/session_repository.h"
#include "services/auth/users/user_repository.h"

namespace bh::auth {

struct FlowSettings {
    std::chrono::seconds refresh_lifetime{30 * 24 * 3600};
    std::chrono::seconds reset_lifetime{30 * 60};
    std::string reset_base_url;       // the web app's reset page
    std::string notification_topic;   // <prefix>notification.requested
    std::string recovery_topic;       // <prefix>auth.recovery-requested: auth's own queue of recoveries
    std::chrono::seconds leeway{30};  // added to exp when denying a jti
    // Concurrent refreshes with one token within this long of its rotation all succeed
    // (auth.refresh_reuse_grace; see refresh_rules.h). At most 30 s: less than any access lifetime.
    std::chrono::milliseconds refresh_reuse_grace{5000};
};

struct SessionTokens {
    UserId user_id;
    std::string access_token;
    std::string refresh_token;
    User user;  // as signed in (for nif / firstName in the reply)
};

struct Caller {
    identity::Principal principal;
    std::optional<Uuid> session_id;  // the token's "sid"
};

class AuthFlows {
  public:
    AuthFlows(db::Pool& pool, security::PasswordHasher& hasher, AccessTokenIssuer issuer,
              redis::DenyList deny_list, AttemptLimits limits, FlowSettings settings, const Clock& clock);

    boost::asio::awaitable<SessionTokens> sign_in(const SignInRequest& request, const std::string& address);
    // Rotates the refresh token: a new pair, the previous access token denied. A use within
    // refresh_reuse_grace of the token's rotation (parallel requests of one client) gets a new refresh
    // token of the same session and a token of the access grant that rotation issued; any other
    // reuse revokes the session. Throws Unauthorized INVALID_REFRESH_TOKEN when refused.
    boost::asio::awaitable<SessionTokens> refresh(const std::string& refresh_token);
    boost::asio::awaitable<void> sign_out(const Caller& caller);
    // `address`: the client's, for the attempt limits (each of these pays for an argon2 hash).
    boost::asio::awaitable<SessionTokens> register_user(Registration registration,
                                                        const std::string& address);
    boost::asio::awaitable<User> update(const Caller& caller, ProfileUpdate update,
                                        const std::string& address);
    boost::asio::awaitable<void> remove(const Caller& caller, const DeleteRequest& request,
                                        const std::string& address);
    // Same outcome whether or not the e-mail exists (no enumeration); rate-limited.
    // Records the request durably (an event on recovery_topic, committed with the outbox) and
    // returns: the same work whatever the e-mail, so neither the answer nor its timing tells whether
    // it has an account, and an answered request survives a crash or an outage right after it.
    boost::asio::awaitable<void> recover_password(const std::string& email, const std::string& address);
    // The consumer of recovery_topic: looks the e-mail up and, for an account, retires its older
    // links, stores a new one and queues the mail, in one transaction with the de-duplication record
    // (a redelivered request sends nothing twice).
    boost::asio::awaitable<void> on_recovery_requested(const bus::Message& message);
    boost::asio::awaitable<void> reset_password(const ResetPasswordRequest& request);
    // LOGGED_IN while the caller's session is alive (and, when given, the nif is the caller's).
    boost::asio::awaitable<bool> is_logged_in(const Caller& caller, const std::optional<std::string>& nif);
    boost::asio::awaitable<User> get_user(const Caller& caller, const UserId& id);
    // Administration: the route admits ADMIN only (identity/access_policy.cpp); `caller` is who acted.
    boost::asio::awaitable<Page<User>> list_users(const PageRequest& page);
    boost::asio::awaitable<User> grant_role(const Caller& caller, const UserId& id, const std::string& role);
    boost::asio::awaitable<User> revoke_role(const Caller& caller, const UserId& id, const std::string& role);

  private:
    boost::asio::awaitable<void> send_reset_link(db::Transaction& tx, const std::string& email);
    boost::asio::awaitable<SessionTokens> open_session(db::Connection& db, const User& user);
    // A refresh's new access token: issued, recorded as the session's newest (the one it replaces
    // denied), the presented refresh token spent. nullopt when the session was revoked meanwhile.
    // `retired` receives the access token it replaced (denied again once the transaction committed).
    boost::asio::awaitable<std::optional<std::string>> rotate_access(
        db::Connection& db, const User& user, const sessions::RefreshTokenRow& row,
        std::vector<sessions::AccessTokenRef>& retired);
    boost::asio::awaitable<void> deny(const std::vector<sessions::AccessTokenRef>& tokens);
    boost::asio::awaitable<User> load_user(const UserId& id);
    boost::asio::awaitable<void> verify_password(const User& user, const std::string& password);

    db::Pool& pool_;
    security::PasswordHasher& hasher_;
    AccessTokenIssuer issuer_;
    redis::DenyList deny_list_;
    AttemptLimits limits_;
    FlowSettings settings_;
    const Clock* clock_;
};

}  // namespace bh::auth
