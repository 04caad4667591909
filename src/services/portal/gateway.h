#pragma once
// The portal's request pipeline for API routes: rate limit per client address (optional) →
// authenticate (unless the route is public) → rate limit per user (optional) → role check from the access
// policy → forward to the owning service → decorate the answer (security headers, CORS). Errors at any step
// become the contract's error body and get the same decoration.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "http/client.h"
#include "http/message.h"
#include "http/server.h"
#include "identity/access_policy.h"
#include "identity/authenticator.h"
#include "redis/rate_limiter.h"
#include "services/portal/cors.h"
#include "services/portal/security_headers.h"

namespace bh::portal {

struct GatewayOptions {
    // Base URL per service; a service without one (payment, until it exists) answers 503.
    std::map<identity::Upstream, std::string> upstreams;
    // The body limit each service applies; a bigger body is refused here (413) rather than cut off
    // mid-send by the service, which would look like an outage.
    std::map<identity::Upstream, std::size_t> body_limits;
    std::chrono::milliseconds upstream_timeout{30'000};
    // The service's server when it runs in this process (nullptr otherwise): requests go to it
    // directly, skipping the loopback hop; its own deadlines (database statements) bound the call.
    // Empty = always over HTTP.
    std::function<std::shared_ptr<http::Server>(identity::Upstream)> local_server;
    SecurityHeaderOptions security;
};

// Requests admitted per client address and per signed-in user in a sliding window (Redis-shared
// between portal instances); nullopt = no limit of that kind.
struct RateLimits {
    std::optional<redis::RateLimiter> per_address = {};
    std::optional<redis::RateLimiter> per_user = {};
};

class Gateway {
  public:
    Gateway(GatewayOptions options, std::shared_ptr<const identity::Authenticator> authenticator,
            http::Client& client, CorsPolicy cors, RateLimits limits);

    // One API request on `route`: never throws (errors are answers).
    boost::asio::awaitable<http::Response> handle(const identity::RouteAccess& route, http::Request& request);
    // OPTIONS on an API path: a CORS preflight when the request is one, else 204 with Allow.
    http::Response preflight(const http::Request& request, const std::string& allowed_methods) const;
    // Security and CORS headers for any answer of the portal (static files keep their caching).
    void decorate(http::Response& response, const http::Request& request,
                  std::string_view cache_control = "no-store",
                  ContentPolicy policy = ContentPolicy::Data) const;

  private:
    boost::asio::awaitable<http::Response> admit_and_forward(const identity::RouteAccess& route,
                                                             http::Request& request);
    // Throws the answers the portal gives by itself instead of forwarding: the role refusal (403),
    // a service not built yet (503), a body over the service's limit (413).
    void refuse_here(const identity::RouteAccess& route, const std::optional<identity::Principal>& principal,
                     const http::Request& request) const;
    boost::asio::awaitable<http::Response> forward(identity::Upstream upstream, http::Request& request);

    GatewayOptions options_;
    std::shared_ptr<const identity::Authenticator> authenticator_;
    http::Client& client_;
    CorsPolicy cors_;
    mutable RateLimits limits_;
    std::map<identity::Upstream, std::string> colocated_peers_;  // remote address of in-process calls
};

}  // namespace bh::portal
