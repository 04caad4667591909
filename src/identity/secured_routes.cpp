// SecuredRoutes: see secured_routes.h.
#include "identity/secured_routes.h"

#include <memory>
#include <stdexcept>
#include <string>

#include "identity/access_policy.h"

namespace bh::identity {

namespace {

namespace asio = boost::asio;

const RouteAccess& table_row(http::Method method, std::string_view pattern, bool is_public) {
    const RouteAccess* row = find_route(method, pattern);
    const std::string route = std::string(http::to_string(method)) + " " + std::string(pattern);
    if (row == nullptr)
        throw std::logic_error(route + " is not in the access policy (identity/access_policy.cpp)");
    if (row->access.is_public != is_public) {
        throw std::logic_error(route + (is_public
                                            ? " is protected in the access policy: add it with add()"
                                            : " is public in the access policy: add it with add_public()"));
    }
    return *row;
}

// An internal route's rule (the table has no row for it): ADMIN only. Held by the handler, with the
// pattern its row points into.
struct InternalRoute {
    std::string pattern;
    RouteAccess row;
    InternalRoute(http::Method method, std::string_view route_pattern)
        : pattern(route_pattern), row{method, pattern, Upstream::Budget, Access{.roles = role_bit::kAdmin}} {}
};

http::Handler guarded(const Authenticator& authenticator, std::shared_ptr<const InternalRoute> internal,
                      const RouteAccess& row, SecuredHandler handler) {
    return [&authenticator, internal = std::move(internal), &row,
            handler = std::move(handler)](http::Request& request) -> asio::awaitable<http::Response> {
        const Principal caller = co_await authenticator.authenticate(request);
        require_access(row, caller);
        co_return co_await handler(request, caller);
    };
}

// A route absent from the table (the portal never routes it).
void require_unlisted(http::Method method, std::string_view pattern) {
    if (find_route(method, pattern) != nullptr) {
        throw std::logic_error(std::string(pattern) + " is in the access policy: add it with add()");
    }
}

}  // namespace

void SecuredRoutes::add(http::Method method, std::string_view pattern, SecuredHandler handler) {
    router_.add(method, pattern,
                guarded(authenticator_, nullptr, table_row(method, pattern, false), std::move(handler)));
}

void SecuredRoutes::add_public(http::Method method, std::string_view pattern, http::Handler handler) {
    table_row(method, pattern, true);
    router_.add(method, pattern, std::move(handler));
}

void SecuredRoutes::add_service_only(http::Method method, std::string_view pattern, http::Handler handler) {
    require_unlisted(method, pattern);
    router_.add(method, pattern, std::move(handler));
}

void SecuredRoutes::add_internal(http::Method method, std::string_view pattern, SecuredHandler handler) {
    require_unlisted(method, pattern);
    auto internal = std::make_shared<const InternalRoute>(method, pattern);
    const RouteAccess& row = internal->row;
    router_.add(method, pattern, guarded(authenticator_, std::move(internal), row, std::move(handler)));
}

}  // namespace bh::identity
