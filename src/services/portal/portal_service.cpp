// Portal: the only public port. Verifies access tokens locally (keys from auth's JWKS, revocation
// from the Redis deny-list), enforces the route × role table (identity/access_policy.cpp), forwards
// each API request to the service that owns it, and serves the API documentation and the web app.
#include "services/portal/portal_service.h"

#include <memory>

#include "core/error.h"
#include "http/client.h"
#include "identity/authenticator.h"
#include "identity/jwks_client.h"
#include "redis/client.h"
#include "redis/deny_list.h"
#include "runtime/http_service.h"
#include "security/jwt_verifier.h"
#include "services/portal/api_routes.h"
#include "services/portal/gateway.h"
#include "services/portal/portal_settings.h"
#include "services/portal/static_routes.h"

namespace bh::portal {

namespace {

using identity::Upstream;

std::string upstream_url(const runtime::RuntimeSettings& shared, const PortalSettings& settings,
                         std::string_view service) {
    const auto& configured = settings.url_of(service);
    return configured.empty() ? runtime::local_base_url(shared, service) : configured;
}

GatewayOptions gateway_options(runtime::Runtime& rt, const PortalSettings& settings) {
    GatewayOptions options;
    for (const auto upstream :
         {Upstream::Auth, Upstream::Budget, Upstream::Payment, Upstream::Notification}) {
        const auto service = identity::to_string(upstream);
        options.upstreams[upstream] = upstream_url(rt.settings(), settings, service);
        options.body_limits[upstream] = runtime::HttpService::body_limit_of(rt.settings().http, service);
    }
    options.upstream_timeout = settings.upstream_timeout;
    if (settings.in_process_upstreams) {
        options.local_server = [&rt](Upstream upstream) {
            return rt.local_server(identity::to_string(upstream));
        };
    }
    options.security.hsts_max_age = settings.hsts_max_age;
    if (options.security.hsts_max_age.count() == 0 && !settings.tls_cert_file.empty())
        options.security.hsts_max_age = std::chrono::hours(24 * 180);
    return options;
}

CorsPolicy cors_policy(const PortalSettings& settings) {
    return CorsPolicy(
        CorsOptions{.origins = parse_origin_list(settings.cors_origins), .max_age = settings.cors_max_age});
}

RateLimits rate_limits(runtime::Runtime& rt, const PortalSettings& settings) {
    RateLimits limits;
    if (settings.rate_limit > 0)
        limits.per_address.emplace(rt.redis(), "portal", settings.rate_limit, settings.rate_limit_window);
    if (settings.rate_limit_per_user > 0) {
        limits.per_user.emplace(rt.redis(), "portal-user", settings.rate_limit_per_user,
                                settings.rate_limit_window);
    }
    return limits;
}

StaticRouteOptions static_options(const PortalSettings& settings) {
    return StaticRouteOptions{.swagger_ui_dir = settings.swagger_ui_dir.empty()
                                                    ? default_swagger_ui_dir()
                                                    : std::filesystem::path(settings.swagger_ui_dir),
                              .web_dir = settings.web_dir};
}

class PortalService final : public runtime::HttpService {
  public:
    explicit PortalService(runtime::Runtime& rt)
        : HttpService(rt, "portal", rt.settings().ports.portal),
          settings_(portal_settings().read(rt.config())),
          client_(std::make_unique<http::Client>(
              rt.shards(),
              // Enough idle connections per service for the portal's own concurrency, so a busy
              // portal reuses connections instead of opening one per request.
              http::ClientOptions{.timeout = rt.settings().http.client_timeout,
                                  .max_idle_per_origin = 512,
                                  .max_response_bytes = 64 << 20})),
          verifier_(std::make_shared<security::JwtVerifier>(
              security::VerificationKeys{}, identity::verifier_options(rt.settings().tokens))),
          jwks_(std::make_unique<identity::JwksClient>(rt.io().get_executor(), *client_,
                                                       runtime::jwks_options(rt.settings()), verifier_)),
          gateway_(std::make_unique<Gateway>(
              gateway_options(rt, settings_),
              std::make_shared<const identity::Authenticator>(
                  verifier_, redis::DenyList(rt.redis(), std::string(identity::kAccessDenyList)),
                  [jwks = jwks_.get()]() { return jwks->refresh_for_unknown_kid(); },
                  settings_.revocation_cache),
              *client_, cors_policy(settings_), rate_limits(rt, settings_))) {
        allow_body_bytes(body_limit_of(rt.settings().http, "budget"));  // it forwards invoice uploads
        if (!settings_.tls_cert_file.empty() || !settings_.tls_key_file.empty()) {
            if (settings_.tls_cert_file.empty() || settings_.tls_key_file.empty())
                throw ConfigError({"portal.tls_cert_file and portal.tls_key_file go together"});
            if (open_to_others(settings_.tls_key_file))
                throw ConfigError({"portal.tls_key_file " + settings_.tls_key_file +
                                   " is missing or open to group or others: chmod 600 it"});
            serve_tls(settings_.tls_cert_file, settings_.tls_key_file);
        }
        auto& redis = rt.redis();
        health().add_check({"redis", [&redis]() -> boost::asio::awaitable<void> { co_await redis.ping(); }});
        for (const std::string service : {"auth", "budget", "payment"}) {
            add_upstream_check(service, upstream_url(rt.settings(), settings_, service) + "/healthz");
        }
        health().add_check({"jwks", [jwks = jwks_.get()]() -> boost::asio::awaitable<void> {
                                if (!jwks->has_keys()) co_await jwks->refresh();
                            }});
        add_api_routes(router(), *gateway_);
        add_static_routes(router(), *gateway_, static_options(settings_));
    }

  protected:
    boost::asio::awaitable<void> on_start() override {
        jwks_->start();  // fetches at once, then every security.jwks_refresh; failures are retried
        co_return;
    }
    boost::asio::awaitable<void> on_stop(std::chrono::milliseconds /*grace*/) override {
        jwks_->stop();
        co_return;
    }

  private:
    void add_upstream_check(const std::string& service, const std::string& url) {
        health().add_check({service, [this, url]() -> boost::asio::awaitable<void> {
                                http::ClientRequest request{.url = url, .timeout = std::chrono::seconds(1)};
                                const auto response = co_await client_->send(std::move(request));
                                if (response.status != 200) throw unavailable("upstream not healthy");
                            }});
    }

    PortalSettings settings_;
    std::unique_ptr<http::Client> client_;
    std::shared_ptr<security::JwtVerifier> verifier_;
    std::unique_ptr<identity::JwksClient> jwks_;
    std::unique_ptr<Gateway> gateway_;
};

}  // namespace

std::unique_ptr<runtime::Service> make_service(runtime::Runtime& runtime) {
    return std::make_unique<PortalService>(runtime);
}

}  // namespace bh::portal
