#include "identity/principal.h"

#include <algorithm>

#include "core/error.h"

namespace bh::identity {

bool Principal::has_role(std::string_view role) const {
    return std::find(roles.begin(), roles.end(), role) != roles.end();
}

bool Principal::has_any_role(std::initializer_list<std::string_view> wanted) const {
    return std::any_of(wanted.begin(), wanted.end(),
                       [this](std::string_view role) { return has_role(role); });
}

Principal Principal::from_claims(const security::JwtClaims& claims) {
    return Principal{.user_id = claims.sub,
                     .email = claims.email,
                     .roles = claims.roles,
                     .jti = claims.jti,
                     .expires_at = claims.exp};
}

void require_any_role(const Principal& principal, std::initializer_list<std::string_view> roles) {
    if (principal.has_any_role(roles)) return;
    throw AppError(ErrorKind::Forbidden, errc::kRoleAccessDenied,
                   "You do not have permission to access this resource",
                   "user " + principal.user_id + " lacks the required role");
}

}  // namespace bh::identity
