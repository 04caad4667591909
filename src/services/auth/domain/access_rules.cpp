#include "services/auth/domain/access_rules.h"

#include "core/error.h"
#include "identity/roles.h"
#include "services/auth/auth_errors.h"

namespace bh::auth {

namespace {

[[noreturn]] void deny() {
    throw AppError(ErrorKind::Forbidden, errc::kRoleAccessDenied,
                   "You do not have permission to access this resource");
}

}  // namespace

std::string parse_role(std::string_view text) {
    if (!identity::role::is_known(text)) {
        throw bad_request("Invalid role: role must be one of ADMIN, MANAGER, EMPLOYEE, HR")
            .with_fields({{"role", "must be one of ADMIN, MANAGER, EMPLOYEE, HR"}});
    }
    return std::string(text);
}

void require_can_view(const identity::Principal& caller, const UserId& target) {
    if (caller.user_id == target.to_string()) return;
    if (caller.has_any_role({identity::role::kAdmin, identity::role::kHr})) return;
    deny();
}

void require_self(const identity::Principal& caller, const UserId& target) {
    if (caller.user_id != target.to_string()) deny();
}

void require_admin_remains(std::string_view role, bool target_holds_role, std::int64_t admins_now) {
    if (role == identity::role::kAdmin && target_holds_role && admins_now <= 1) {
        throw AppError(ErrorKind::Conflict, code::kLastAdmin, "The last ADMIN cannot lose the ADMIN role");
    }
}

}  // namespace bh::auth
