#include "services/budget/route_support.h"

#include "core/error.h"

namespace bh::budget {

Uuid path_id(const http::Request& request, std::string_view name) {
    auto id = Uuid::parse(request.path_param(name));
    if (!id) {
        throw bad_request(std::string(name) + ": must be a UUID")
            .with_fields({{std::string(name), "must be a UUID"}});
    }
    return *id;
}

Actor actor_of(const identity::Principal& principal, const http::Request& request) {
    return {principal.user_id, principal.email, request.traceparent};
}

http::Response ok(boost::json::object body) {
    return http::Response::json(200, boost::json::value(std::move(body)));
}

}  // namespace bh::budget
