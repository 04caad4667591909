#include "services/auth/auth_errors.h"

namespace bh::auth {

AppError user_conflict(const std::vector<std::string>& problems) {
    std::string list;
    for (const auto& problem : problems) list += (list.empty() ? "" : ", ") + problem;
    return AppError(ErrorKind::Conflict, code::kUserValidation,
                    "User operation failed due to the following error/s: [" + list + "]");
}

AppError invalid_password() {
    return AppError(ErrorKind::Unauthorized, code::kInvalidPassword, "This password is not valid");
}

AppError invalid_credentials() {
    return AppError(ErrorKind::Unauthorized, code::kInvalidPassword, "Invalid e-mail or password");
}

AppError invalid_refresh_token(std::string detail) {
    return AppError(ErrorKind::Unauthorized, code::kInvalidRefreshToken, "This refresh token is not valid",
                    std::move(detail));
}

AppError invalid_reset_token() {
    return AppError(ErrorKind::Unauthorized, errc::kInvalidToken, "This token is not valid");
}

AppError user_not_found(const std::string& id) {
    return AppError(ErrorKind::NotFound, code::kUserIdNotFound, "User not found with ID: " + id);
}

}  // namespace bh::auth
