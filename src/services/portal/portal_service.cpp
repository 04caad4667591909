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
#include "services/portal/static_routes.h"

namespace bh::portal {

namespace {

using identity::Upstream;

std::string upstream_url(const Config& config, const std::string& service) {
    const auto& configured = config.get_string("portal." + service + "_url");
    if (!configured.empty()) return configured;
    auto host = config.get_string("http.bind");
    if (host == "0.0.0.0" || host.empty()) host = "127.0.0.1";
    return "http://" + host + ":" + std::to_string(config.get_int(service + ".port"));
}

GatewayOptions gateway_options(runtime::Runtime& rt) {
    const auto& config = rt.config();
    GatewayOptions options;
    options.upstreams = {{Upstream::Auth, upstream_url(config, "auth")},
                         {Upstream::Budget, upstream_url(config, "budget")},
                         {Upstream::Payment, upstream_url(config, "payment")},
                         {Upstream::Notification, upstream_url(config, "notification")}};
    for (const auto& [upstream, url] : options.upstreams) {
        options.body_limits[upstream] =
            runtime::HttpService::body_limit_of(config, identity::to_string(upstream));
    }
    options.upstream_timeout = config.get_duration("portal.upstream_timeout");
    if (config.get_bool("portal.in_process_upstreams")) {
        options.local_server = [&rt](Upstream upstream) {
            return rt.local_server(identity::to_string(upstream));
        };
    }
    options.security.hsts_max_age =
        std::chrono::duration_cast<std::chrono::seconds>(config.get_duration("portal.hsts_max_age"));
    return options;
}

CorsPolicy cors_policy(const Config& config) {
    return CorsPolicy(CorsOptions{.origins = parse_origin_list(config.get_string("portal.cors_origins")),
                                  .max_age = std::chrono::duration_cast<std::chrono::seconds>(
                                      config.get_duration("portal.cors_max_age"))});
}

std::optional<redis::RateLimiter> rate_limiter(runtime::Runtime& rt) {
    const auto limit = rt.config().get_int("portal.rate_limit");
    if (limit <= 0) return std::nullopt;
    return redis::RateLimiter(rt.redis(), "portal", limit,
                              rt.config().get_duration("portal.rate_limit_window"));
}

StaticRouteOptions static_options(const Config& config) {
    const auto& swagger = config.get_string("portal.swagger_ui_dir");
    return StaticRouteOptions{
        .swagger_ui_dir = swagger.empty() ? default_swagger_ui_dir() : std::filesystem::path(swagger),
        .web_dir = config.get_string("portal.web_dir")};
}

class PortalService final : public runtime::HttpService {
  public:
    explicit PortalService(runtime::Runtime& rt)
        : HttpService(rt, "portal", static_cast<std::uint16_t>(rt.config().get_int("portal.port"))),
          client_(std::make_unique<http::Client>(
              rt.io().get_executor(),
              // Enough idle connections per service for the portal's own concurrency, so a busy
              // portal reuses connections instead of opening one per request.
              http::ClientOptions{.timeout = rt.config().get_duration("http.client_timeout"),
                                  .max_idle_per_origin = 512,
                                  .max_response_bytes = 64 << 20})),
          verifier_(std::make_shared<security::JwtVerifier>(
              security::VerificationKeys{}, identity::verifier_options_from_config(rt.config()))),
          jwks_(std::make_unique<identity::JwksClient>(
              rt.io().get_executor(), *client_, identity::jwks_options_from_config(rt.config()), verifier_)),
          gateway_(std::make_unique<Gateway>(
              gateway_options(rt),
              std::make_shared<const identity::Authenticator>(
                  verifier_, redis::DenyList(rt.redis(), std::string(identity::kAccessDenyList)),
                  [jwks = jwks_.get()]() { return jwks->refresh_for_unknown_kid(); },
                  rt.config().get_duration("portal.revocation_cache")),
              *client_, cors_policy(rt.config()), rate_limiter(rt))) {
        allow_body_bytes(body_limit_of(rt.config(), "budget"));  // it forwards invoice uploads
        auto& redis = rt.redis();
        health().add_check({"redis", [&redis]() -> boost::asio::awaitable<void> { co_await redis.ping(); }});
        for (const std::string service : {"auth", "budget", "payment"}) {
            add_upstream_check(service, upstream_url(rt.config(), service) + "/healthz");
        }
        health().add_check({"jwks", [jwks = jwks_.get()]() -> boost::asio::awaitable<void> {
                                if (!jwks->has_keys()) co_await jwks->refresh();
                            }});
        add_api_routes(router(), *gateway_);
        add_static_routes(router(), *gateway_, static_options(rt.config()));
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
