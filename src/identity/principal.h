#pragma once
// Who is calling: the verified claims of an access token, as business code needs them.
#include <chrono>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "security/jwt_claims.h"

namespace bh::identity {

struct Principal {
    std::string user_id = {};  // the token's sub
    std::string email = {};
    std::vector<std::string> roles = {};
    std::string jti = {};
    std::chrono::sys_seconds expires_at = {};

    bool has_role(std::string_view role) const;
    bool has_any_role(std::initializer_list<std::string_view> roles) const;

    static Principal from_claims(const security::JwtClaims& claims);
};

// Throws AppError Forbidden (ROLE_ACCESS_DENIED) unless `principal` holds one of `roles`.
void require_any_role(const Principal& principal, std::initializer_list<std::string_view> roles);

}  // namespace bh::identity
