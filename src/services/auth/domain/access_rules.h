#pragma once
// Who may do what to which account. Plain rules over the caller's identity; no I/O. Who may call a
// route at all (administration is ADMIN only) is the access policy's, enforced by identity::SecuredRoutes.
#include <string>
#include <string_view>

#include "core/ids.h"
#include "identity/principal.h"

namespace bh::auth {

// A role name from a path parameter: one of ADMIN, MANAGER, EMPLOYEE, HR, else 400.
std::string parse_role(std::string_view text);
// Reading a profile: the user themself, or ADMIN / HR. Else 403 ROLE_ACCESS_DENIED.
void require_can_view(const identity::Principal& caller, const UserId& target);
// Changing or deleting an account: only its owner (the password is checked as well). Else 403.
void require_self(const identity::Principal& caller, const UserId& target);
// Revoking ADMIN from the last holder would leave nobody to grant roles: 409 LAST_ADMIN.
void require_admin_remains(std::string_view role, bool target_holds_role, std::int64_t admins_now);

}  // namespace bh::auth
