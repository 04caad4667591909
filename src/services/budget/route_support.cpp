#include "services/budget/route_support.h"

#include "core/error.h"

namespace bh::budget {

Actor actor_of(const identity::Principal& principal, const http::Request& request) {
    return {principal.user_id, principal.email, request.traceparent};
}

http::Response ok(boost::json::object body) {
    return http::Response::json(200, boost::json::value(std::move(body)));
}

}  // namespace bh::budget
