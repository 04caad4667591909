#include "services/budget/request_support.h"

#include "core/error.h"
#include "identity/roles.h"

namespace bh::budget {

Uuid path_uuid(const http::Request& request, std::string_view name) {
    const auto id = Uuid::parse(request.path_param(name));
    if (!id) {
        throw bad_request("Invalid path parameter " + std::string(name))
            .with_fields({{std::string(name), "must be a UUID"}});
    }
    return *id;
}

boost::asio::awaitable<identity::Principal> caller(const identity::Authenticator& authenticator,
                                                   const http::Request& request) {
    co_return co_await authenticator.authenticate(request);
}

void require_admin(const identity::Principal& principal) {
    identity::require_any_role(principal, {identity::role::kAdmin});
}

void require_admin_or_manager(const identity::Principal& principal) {
    identity::require_any_role(principal, {identity::role::kAdmin, identity::role::kManager});
}

}  // namespace bh::budget
