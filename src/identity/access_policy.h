#pragma once
// The portal's route × role matrix: every API route the portal exposes, the service that owns it,
// and who may call it. ONE table (access_policy.cpp), documented in docs/api.md; the tests compare
// the two, so neither can drift. A route missing from the table is refused (the portal registers
// only these routes).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "http/message.h"
#include "identity/principal.h"

namespace bh::identity {

enum class Upstream { Auth, Budget, Payment, Notification };
std::string_view to_string(Upstream upstream);

// A set of roles as bits, so a check is one AND instead of string comparisons per route.
using RoleMask = std::uint8_t;
namespace role_bit {
inline constexpr RoleMask kAdmin = 1;
inline constexpr RoleMask kManager = 2;
inline constexpr RoleMask kEmployee = 4;
inline constexpr RoleMask kHr = 8;
inline constexpr RoleMask kAny = kAdmin | kManager | kEmployee | kHr;
}  // namespace role_bit

RoleMask role_mask(std::span<const std::string> roles);
std::optional<RoleMask> role_bit_for(std::string_view role);

struct Access {
    bool is_public = false;  // no token needed (sign-in, register, ...)
    RoleMask roles = 0;      // any one of them admits; never 0 on a protected route
    // Any valid token admits, even one without a role: a new user must be able to sign out, read
    // and update or delete their own account before anyone grants them a role.
    bool signed_in = false;
};

struct RouteAccess {
    http::Method method;
    std::string_view pattern;  // router syntax, e.g. /api/v1/movement/{id}
    Upstream upstream;
    Access access;
};

// Every route, in documentation order.
std::span<const RouteAccess> access_policy();
const RouteAccess* find_route(http::Method method, std::string_view pattern);

bool allows(const Access& access, RoleMask caller);
// Throws AppError Forbidden ROLE_ACCESS_DENIED unless the principal holds one of the route's roles.
void require_access(const RouteAccess& route, const Principal& principal);

// "public", "signed-in", or the role names joined by ", " in the order ADMIN, MANAGER, EMPLOYEE, HR
// (the form docs/api.md uses).
std::string describe(const Access& access);

}  // namespace bh::identity
