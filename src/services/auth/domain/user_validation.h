#pragma once
// Field-by-field validation of the auth requests. Every problem is collected, then one 400
// (VALIDATION_ERROR) names each field, so a client fixes everything in one round trip.
#include <boost/json/object.hpp>
#include <chrono>
#include <string>
#include <string_view>

#include "services/auth/domain/user.h"

namespace bh::auth {

inline constexpr std::size_t kMinPasswordChars = 8;
inline constexpr std::size_t kMaxPasswordChars = 128;

// The seed's e-mail rule (^[A-Za-z0-9+_.-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,6}$), at most 254 bytes.
bool is_valid_email(std::string_view email);
// Empty when acceptable, else why not (length in characters, not bytes).
std::string password_problem(std::string_view password);

// Each throws AppError BadRequest listing every invalid field. `today` bounds dateOfBirth.
Registration parse_registration(const boost::json::object& body, std::chrono::sys_days today);
ProfileUpdate parse_profile_update(const boost::json::object& body, std::chrono::sys_days today);

struct SignInRequest {
    std::string email;
    std::string password;
};
SignInRequest parse_sign_in(const boost::json::object& body);

struct DeleteRequest {
    UserId id;
    std::string password;
};
DeleteRequest parse_delete(const boost::json::object& body);

struct ResetPasswordRequest {
    std::string token;
    std::string new_password;
};
ResetPasswordRequest parse_reset_password(const boost::json::object& body);

// A user id from a query or path parameter (400 naming `field` when absent or not a UUID).
UserId parse_user_id(const std::string* text, std::string_view field);

}  // namespace bh::auth
