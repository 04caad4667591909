#include "services/portal/api_routes.h"

#include <map>
#include <string>

#include "identity/access_policy.h"

namespace bh::portal {

void add_api_routes(http::Router& router, Gateway& gateway) {
    std::map<std::string_view, std::string> methods_by_path;  // for preflights: "GET, DELETE"
    for (const auto& route : identity::access_policy()) {
        const auto* entry = &route;  // the table is static: the pointer stays valid
        router.add(route.method, route.pattern,
                   [&gateway, entry](http::Request& request) { return gateway.handle(*entry, request); });
        auto& methods = methods_by_path[route.pattern];
        if (!methods.empty()) methods += ", ";
        methods += http::to_string(route.method);
    }
    for (auto& [pattern, methods] : methods_by_path) {
        router.add(http::Method::Options, pattern,
                   [&gateway, allowed = std::move(methods)](
                       http::Request& request) -> boost::asio::awaitable<http::Response> {
                       co_return gateway.preflight(request, allowed);
                   });
    }
}

}  // namespace bh::portal
