#pragma once
// The one way a service adds an API route. Its permission is the access policy's row for the same
// method and pattern (identity/access_policy.cpp, the table docs/api.md is checked against), looked up
// when the route is added: a route missing from the table, or added with the wrong kind, is a
// programming error and throws std::logic_error at start. The caller is authenticated and the row
// enforced before the handler runs; the handler receives the caller. Handlers never check roles: what
// they may still decide concerns the resource (the requester of an export job, the owner of a
// payment), never the route.
//
//   SecuredRoutes routes(router, authenticator);
//   routes.add(Method::Get, "/api/v1/supplier/{id}",
//              [&ctx](Request& req, const Principal& caller) -> awaitable<Response> { ... });
//   routes.add_public(Method::Post, "/api/v1/auth/sign-in", handler);  // the row says public
//   routes.add_internal(Method::Put, "/api/v1/movement/status/update", handler);  // no row: ADMIN only
//   routes.add_service_only(Method::Get, "/api/v1/user-credentials/status", handler);  // no row, no check
#include <boost/asio/awaitable.hpp>
#include <functional>
#include <string_view>

#include "http/router.h"
#include "identity/authenticator.h"

namespace bh::identity {

using SecuredHandler =
    std::function<boost::asio::awaitable<http::Response>(http::Request&, const Principal&)>;

class SecuredRoutes {
  public:
    // Both must outlive the routes (the service's router and its authenticator do).
    SecuredRoutes(http::Router& router, const Authenticator& authenticator)
        : router_(router), authenticator_(authenticator) {}

    // A protected route of the table (roles, or any signed-in caller).
    void add(http::Method method, std::string_view pattern, SecuredHandler handler);
    // A public route of the table (sign-in, register, Stripe's webhook): no token asked for.
    void add_public(http::Method method, std::string_view pattern, http::Handler handler);
    // A route the portal does not expose (absent from the table): ADMIN only, as service-to-service
    // calls made with an ADMIN's token.
    void add_internal(http::Method method, std::string_view pattern, SecuredHandler handler);
    // A route the portal does not expose that answers every caller and reads the token itself, if at
    // all (auth's session status: "LOGGED_OUT" for a token that is no longer valid).
    void add_service_only(http::Method method, std::string_view pattern, http::Handler handler);

  private:
    http::Router& router_;
    const Authenticator& authenticator_;
};

}  // namespace bh::identity
