// Auth service: users, credentials (argon2id), roles, sessions with rotating refresh tokens,
// password recovery, and the signing key whose public half it publishes as JWKS. Its database is
// created and migrated at start; the outbox relay carries its notification events.
#include "services/auth/auth_service.h"

#include <spdlog/spdlog.h>

#include "core/address_list.h"
#include "core/clock.h"
#include "identity/jwks_client.h"
#include "migrations/auth.h"
#include "redis/client.h"
#include "runtime/data_service.h"
#include "services/auth/auth_routes.h"
#include "services/auth/auth_settings.h"
#include "services/auth/client_address.h"
#include "services/auth/sessions/revocation_keeper.h"
#include "services/auth/sessions/signing_key_store.h"

namespace bh::auth {

namespace {

security::PasswordHasherOptions hasher_options(const AuthSettings& settings) {
    security::PasswordHasherOptions options;
    options.threads = settings.hash_threads;
    options.backlog = settings.hash_backlog;
    return options;
}

class AuthService final : public runtime::DataService {
  public:
    explicit AuthService(runtime::Runtime& rt)
        : DataService(rt, "auth", rt.settings().ports.auth, migrations(), {.redis = true}),
          settings_(auth_settings().read(rt.config())),
          hasher_(hasher_options(settings_)) {}

  private:
    boost::asio::awaitable<void> on_started() override {
        auto& rt = runtime();
        const auto& tokens = rt.settings().tokens;
        const auto& clock = bh::system_clock();
        auto keys = co_await load_or_create_key_ring(db(), clock);
        // Auth checks tokens with its own key ring: no HTTP round trip to itself.
        auto verifier = std::make_shared<security::JwtVerifier>(keys->verification_keys(),
                                                                identity::verifier_options(tokens));
        authenticator_ = std::make_unique<identity::Authenticator>(
            verifier, redis::DenyList(rt.redis(), std::string(identity::kAccessDenyList)));

        AccessTokenSettings token_settings{tokens.issuer, tokens.audience, settings_.access_token_ttl};
        const auto& topic_prefix = rt.settings().kafka.topic_prefix;
        FlowSettings settings;
        settings.refresh_lifetime = settings_.refresh_token_ttl;
        settings.refresh_reuse_grace = settings_.refresh_reuse_grace;
        settings.reset_lifetime = settings_.reset_token_ttl;
        settings.reset_base_url = settings_.reset_url;
        settings.notification_topic = topic_prefix + "notification.requested";
        settings.recovery_topic = topic_prefix + "auth.recovery-requested";
        settings.leeway = tokens.leeway;
        flows_ = std::make_unique<AuthFlows>(
            db(), hasher_, AccessTokenIssuer(keys, token_settings, clock),
            redis::DenyList(rt.redis(), std::string(identity::kAccessDenyList)),
            AttemptLimits(rt.redis(), settings_.sign_in, settings_.recover), settings, clock);

        auto context = std::make_shared<RouteContext>();
        context->flows = flows_.get();
        context->authenticator = authenticator_.get();
        context->verifier = verifier;
        context->keys = keys;
        context->trusted_proxies = parse_address_list(settings_.trusted_proxies);
        context->clock = &clock;
        add_auth_routes(router(), context);
        consume("auth-recovery", {settings.recovery_topic},
                [this](const bus::Message& message) { return flows_->on_recovery_requested(message); });

        // The Redis deny-list made whole before the first request, then kept whole (a Redis that
        // restarted empty is refilled from the database within one check interval).
        RevocationKeeperOptions keeper_options;
        keeper_options.leeway = settings.leeway;
        keeper_options.check_interval = settings_.deny_list_check_interval;
        keeper_ = std::make_unique<RevocationKeeper>(
            rt.io().get_executor(), db(), redis::DenyList(rt.redis(), std::string(identity::kAccessDenyList)),
            keeper_options, clock);
        try {
            const auto restored = co_await keeper_->ensure_complete();
            if (restored) spdlog::info("auth: deny-list rebuilt from the database with {} tokens", *restored);
        } catch (const std::exception& e) {
            spdlog::warn("auth: deny-list not checked at start ({}); the keeper retries", e.what());
        }
        keeper_->start();
    }

    boost::asio::awaitable<void> on_stopping(std::chrono::milliseconds /*grace*/) override {
        if (keeper_) co_await keeper_->stop();
    }

    AuthSettings settings_;
    security::PasswordHasher hasher_;
    std::unique_ptr<identity::Authenticator> authenticator_;
    std::unique_ptr<AuthFlows> flows_;
    std::unique_ptr<RevocationKeeper> keeper_;
};

}  // namespace

std::unique_ptr<runtime::Service> make_service(runtime::Runtime& runtime) {
    return std::make_unique<AuthService>(runtime);
}

std::span<const db::Migration> migrations() {
    return bh::migrations::auth();
}

}  // namespace bh::auth
