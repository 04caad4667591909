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
#include "services/auth/client_address.h"
#include "services/auth/revocation_keeper.h"
#include "services/auth/signing_key_store.h"

namespace bh::auth {

namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;
using std::chrono::seconds;

security::PasswordHasherOptions hasher_options(const Config& config) {
    security::PasswordHasherOptions options;
    options.threads = static_cast<std::size_t>(config.get_int("auth.hash_threads"));
    options.backlog = static_cast<std::size_t>(config.get_int("auth.hash_backlog"));
    return options;
}

Limit limit(const Config& config, const std::string& name) {
    return Limit{config.get_int("auth." + name + "_limit_per_email"),
                 config.get_int("auth." + name + "_limit_per_address"),
                 config.get_duration("auth." + name + "_window")};
}

class AuthService final : public runtime::DataService {
  public:
    explicit AuthService(runtime::Runtime& rt)
        : DataService(rt, "auth", static_cast<std::uint16_t>(rt.config().get_int("auth.port")), migrations(),
                      {.redis = true}),
          hasher_(hasher_options(rt.config())) {}

  private:
    boost::asio::awaitable<void> on_started() override {
        auto& rt = runtime();
        const auto& config = rt.config();
        const auto& clock = bh::system_clock();
        auto keys = co_await load_or_create_key_ring(db(), clock);
        // Auth checks tokens with its own key ring: no HTTP round trip to itself.
        auto verifier = std::make_shared<security::JwtVerifier>(
            keys->verification_keys(), identity::verifier_options_from_config(config));
        authenticator_ = std::make_unique<identity::Authenticator>(
            verifier, redis::DenyList(rt.redis(), std::string(identity::kAccessDenyList)));

        AccessTokenSettings token_settings{
            config.get_string("security.jwt_issuer"), config.get_string("security.jwt_audience"),
            duration_cast<seconds>(config.get_duration("auth.access_token_ttl"))};
        FlowSettings settings;
        settings.refresh_lifetime = duration_cast<seconds>(config.get_duration("auth.refresh_token_ttl"));
        settings.refresh_reuse_grace =
            duration_cast<milliseconds>(config.get_duration("auth.refresh_reuse_grace"));
        settings.reset_lifetime = duration_cast<seconds>(config.get_duration("auth.reset_token_ttl"));
        settings.reset_base_url = config.get_string("auth.reset_url");
        settings.notification_topic = config.get_string("kafka.topic_prefix") + "notification.requested";
        settings.recovery_topic = config.get_string("kafka.topic_prefix") + "auth.recovery-requested";
        settings.leeway = duration_cast<seconds>(config.get_duration("security.jwt_leeway"));
        flows_ = std::make_unique<AuthFlows>(
            db(), hasher_, AccessTokenIssuer(keys, token_settings, clock),
            redis::DenyList(rt.redis(), std::string(identity::kAccessDenyList)),
            AttemptLimits(rt.redis(), limit(config, "sign_in"), limit(config, "recover")), settings, clock);

        auto context = std::make_shared<RouteContext>();
        context->flows = flows_.get();
        context->authenticator = authenticator_.get();
        context->verifier = verifier;
        context->keys = keys;
        context->trusted_proxies = parse_address_list(config.get_string("auth.trusted_proxies"));
        context->clock = &clock;
        add_auth_routes(router(), context);
        consume("auth-recovery", {settings.recovery_topic},
                [this](const bus::Message& message) { return flows_->on_recovery_requested(message); });

        // The Redis deny-list made whole before the first request, then kept whole (a Redis that
        // restarted empty is refilled from the database within one check interval).
        RevocationKeeperOptions keeper_options;
        keeper_options.leeway = settings.leeway;
        keeper_options.check_interval = config.get_duration("auth.deny_list_check_interval");
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
