// Portal: the only public port. Routing, JWT checks and the role matrix arrive with the auth issue;
// the foundation gives it its readiness: Redis (revocation, rate limits) and the services it routes
// to must answer.
#include "services/portal/portal_service.h"

#include <memory>

#include "core/error.h"
#include "http/client.h"
#include "redis/client.h"
#include "runtime/http_service.h"

namespace bh::portal {

namespace {

std::string upstream_url(const Config& config, const std::string& service) {
    const auto& configured = config.get_string("portal." + service + "_url");
    if (!configured.empty()) return configured;
    return "http://" + config.get_string("http.bind") + ":" +
           std::to_string(config.get_int(service + ".port"));
}

class PortalService final : public runtime::HttpService {
  public:
    explicit PortalService(runtime::Runtime& rt)
        : HttpService(rt, "portal", static_cast<std::uint16_t>(rt.config().get_int("portal.port"))),
          client_(std::make_unique<http::Client>(
              rt.io().get_executor(),
              http::ClientOptions{.timeout = rt.config().get_duration("http.client_timeout")})) {
        auto& redis = rt.redis();
        health().add_check({"redis", [&redis]() -> boost::asio::awaitable<void> { co_await redis.ping(); }});
        for (const std::string service : {"auth", "budget"}) {
            add_upstream_check(service, upstream_url(rt.config(), service) + "/healthz");
        }
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
};

}  // namespace

std::unique_ptr<runtime::Service> make_service(runtime::Runtime& runtime) {
    return std::make_unique<PortalService>(runtime);
}

}  // namespace bh::portal
