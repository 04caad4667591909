#include "identity/access_policy.h"

#include "core/error.h"
#include "identity/roles.h"

namespace bh::identity {

namespace {

using http::Method;
using U = Upstream;
using namespace role_bit;

constexpr Access kPublic{.is_public = true, .roles = 0};
constexpr Access only(RoleMask roles) {
    return Access{.is_public = false, .roles = roles};
}
constexpr Access kAnyone{.is_public = false, .roles = kAny, .signed_in = true};  // own account, sign-out
constexpr Access kAdminOnly = only(kAdmin);  // destructive and administrative operations
constexpr Access kManagers = only(kAdmin | kManager);
constexpr Access kStaff = only(kAdmin | kManager | kEmployee);  // records spending, pays

// The seed's matrix (seed-spec §1.2) with its holes closed (§11.3 #34, #35): what the seed left to
// "any valid JWT" on budget data now needs the role its siblings need, and get-user-by-id is no
// longer public. docs/api.md explains every row that differs from the seed.
constexpr RouteAccess kRoutes[] = {
    // Auth
    {Method::Post, "/api/v1/auth/sign-in", U::Auth, kPublic},
    {Method::Post, "/api/v1/auth/refresh-token", U::Auth, kPublic},  // bearer = the opaque refresh token
    {Method::Post, "/api/v1/auth/sign-out", U::Auth, kAnyone},
    {Method::Get, "/.well-known/jwks.json", U::Auth, kPublic},
    // User credentials
    {Method::Post, "/api/v1/user-credentials/register", U::Auth, kPublic},
    {Method::Put, "/api/v1/user-credentials/update", U::Auth, kAnyone},
    {Method::Delete, "/api/v1/user-credentials/delete", U::Auth, kAnyone},
    {Method::Post, "/api/v1/user-credentials/recover-password", U::Auth, kPublic},
    {Method::Post, "/api/v1/user-credentials/reset-password", U::Auth, kPublic},
    {Method::Get, "/api/v1/user-credentials/get-user-by-id", U::Auth, kAnyone},
    {Method::Get, "/api/v1/user-credentials/all", U::Auth, kAdminOnly},
    {Method::Post, "/api/v1/user-credentials/{id}/roles/{role}", U::Auth, kAdminOnly},
    {Method::Delete, "/api/v1/user-credentials/{id}/roles/{role}", U::Auth, kAdminOnly},
    // Budget types
    {Method::Post, "/api/v1/budget/type/create", U::Budget, kManagers},
    {Method::Put, "/api/v1/budget/type/update", U::Budget, kManagers},
    {Method::Delete, "/api/v1/budget/type/delete/{id}", U::Budget, kAdminOnly},
    {Method::Get, "/api/v1/budget/type/{id}", U::Budget, kManagers},
    {Method::Get, "/api/v1/budget/type/all", U::Budget, kManagers},
    // Budget subtypes
    {Method::Post, "/api/v1/budget/subtype/create", U::Budget, kManagers},
    {Method::Put, "/api/v1/budget/subtype/update", U::Budget, kManagers},
    {Method::Delete, "/api/v1/budget/subtype/delete/{id}", U::Budget, kAdminOnly},
    {Method::Get, "/api/v1/budget/subtype/{id}", U::Budget, kManagers},
    {Method::Get, "/api/v1/budget/subtype/all", U::Budget, kManagers},
    {Method::Get, "/api/v1/budget/usage", U::Budget, kManagers},
    {Method::Get, "/api/v1/budget/usage/alerts", U::Budget, kManagers},
    // Suppliers
    {Method::Post, "/api/v1/supplier/create", U::Budget, kManagers},
    {Method::Put, "/api/v1/supplier/update", U::Budget, kManagers},
    {Method::Delete, "/api/v1/supplier/{id}", U::Budget, kAdminOnly},
    {Method::Get, "/api/v1/supplier/{id}", U::Budget, kManagers},
    {Method::Get, "/api/v1/supplier/all", U::Budget, kManagers},
    // Invoices
    {Method::Post, "/api/v1/invoice/create", U::Budget, kManagers},
    {Method::Put, "/api/v1/invoice/update", U::Budget, kManagers},
    {Method::Delete, "/api/v1/invoice/{id}", U::Budget, kAdminOnly},
    {Method::Get, "/api/v1/invoice/{id}", U::Budget, kManagers},
    {Method::Get, "/api/v1/invoice/all", U::Budget, kManagers},
    {Method::Post, "/api/v1/invoice/attach-base64-file/{invoiceId}", U::Budget, kManagers},
    {Method::Post, "/api/v1/invoice/attach-multipart-file/{invoiceId}", U::Budget, kManagers},
    {Method::Get, "/api/v1/invoice/{id}/file", U::Budget, kManagers},
    // Movements
    {Method::Post, "/api/v1/movement/create", U::Budget, kStaff},
    {Method::Put, "/api/v1/movement/update", U::Budget, kManagers},
    {Method::Get, "/api/v1/movement/{id}", U::Budget, kManagers},
    {Method::Delete, "/api/v1/movement/{id}", U::Budget, kAdminOnly},
    {Method::Get, "/api/v1/movement/all", U::Budget, kManagers},
    {Method::Get, "/api/v1/movement/budget-type/{budgetTypeId}", U::Budget, kManagers},
    {Method::Get, "/api/v1/movement/budget-subtype/{budgetSubtypeId}", U::Budget, kManagers},
    {Method::Post, "/api/v1/movement/export-movements-report", U::Budget, kManagers},
    {Method::Get, "/api/v1/movement/export-movements-report/{jobId}", U::Budget, kManagers},
    // Payments
    {Method::Post, "/api/v1/payment/create-payment-intent", U::Payment, kStaff},
    {Method::Post, "/api/v1/payment/cancel", U::Payment, kAdminOnly},
    {Method::Post, "/api/v1/payment/confirm", U::Payment, kStaff},
    {Method::Post, "/api/v1/payment/refund", U::Payment, kAdminOnly},
    {Method::Post, "/api/v1/payment/create-card-token", U::Payment, kStaff},
    {Method::Post, "/api/v1/payment/create-sepa-token", U::Payment, kStaff},
    {Method::Post, "/api/v1/payment/create-payment-session", U::Payment, kStaff},
    {Method::Get, "/api/v1/payment/all", U::Payment, kStaff},  // staff: their own; managers: all
    {Method::Get, "/api/v1/payment/{id}", U::Payment, kStaff},
    {Method::Post, "/api/v1/webhook/stripe", U::Payment, kPublic},  // authenticated by its signature
    // Notifications
    {Method::Get, "/api/v1/notification/all", U::Notification, kAdminOnly},
};

// A protected route with no role would admit nobody; a public one with roles would be misleading.
constexpr bool well_formed() {
    for (const auto& route : kRoutes) {
        if (route.access.is_public == (route.access.roles != 0)) return false;
        if ((route.access.roles & ~kAny) != 0) return false;
    }
    return true;
}
static_assert(well_formed(), "every protected route names at least one role, public routes none");

constexpr std::pair<std::string_view, RoleMask> kRoleBits[] = {
    {role::kAdmin, kAdmin}, {role::kManager, kManager}, {role::kEmployee, kEmployee}, {role::kHr, kHr}};

}  // namespace

std::string_view to_string(Upstream upstream) {
    switch (upstream) {
        case Upstream::Auth:
            return "auth";
        case Upstream::Budget:
            return "budget";
        case Upstream::Payment:
            return "payment";
        case Upstream::Notification:
            return "notification";
    }
    return "unknown";
}

std::optional<RoleMask> role_bit_for(std::string_view role) {
    for (const auto& [name, bit] : kRoleBits) {
        if (name == role) return bit;
    }
    return std::nullopt;
}

RoleMask role_mask(std::span<const std::string> roles) {
    RoleMask mask = 0;
    for (const auto& name : roles) mask |= role_bit_for(name).value_or(0);  // unknown roles grant nothing
    return mask;
}

std::span<const RouteAccess> access_policy() {
    return kRoutes;
}

const RouteAccess* find_route(http::Method method, std::string_view pattern) {
    for (const auto& route : kRoutes) {
        if (route.method == method && route.pattern == pattern) return &route;
    }
    return nullptr;
}

bool allows(const Access& access, RoleMask caller) {
    return access.is_public || access.signed_in || (access.roles & caller) != 0;
}

void require_access(const RouteAccess& route, const Principal& principal) {
    if (allows(route.access, role_mask(principal.roles))) return;
    throw AppError(ErrorKind::Forbidden, errc::kRoleAccessDenied,
                   "You do not have permission to access this resource",
                   "user " + principal.user_id + " lacks a role for " + std::string(to_string(route.method)) +
                       " " + std::string(route.pattern));
}

std::string describe(const Access& access) {
    if (access.is_public) return "public";
    if (access.signed_in) return "signed-in";
    std::string out;
    for (const auto& [name, bit] : kRoleBits) {
        if ((access.roles & bit) == 0) continue;
        if (!out.empty()) out += ", ";
        out += name;
    }
    return out;
}

}  // namespace bh::identity
