#pragma once
// The auth service's error codes and messages (seed-spec §0.1), built in one place.
#include <string>
#include <vector>

#include "core/error.h"

namespace bh::auth {

namespace code {
inline constexpr const char* kInvalidPassword = "INVALID_PASSWORD";
inline constexpr const char* kInvalidRefreshToken = "INVALID_REFRESH_TOKEN";
inline constexpr const char* kUserIdNotFound = "USER_ID_NOT_FOUND";
inline constexpr const char* kUserValidation = "USER_CREDENTIALS_VALIDATION_ERROR";
inline constexpr const char* kLastAdmin = "LAST_ADMIN";
}  // namespace code

// 409: "User operation failed due to the following error/s: [a, b]".
AppError user_conflict(const std::vector<std::string>& problems);
// 401 INVALID_PASSWORD. Sign-in uses it for an unknown e-mail too (no account enumeration).
AppError invalid_password();
AppError invalid_credentials();
AppError invalid_refresh_token(std::string detail);
AppError invalid_reset_token();
AppError user_not_found(const std::string& id);

}  // namespace bh::auth
