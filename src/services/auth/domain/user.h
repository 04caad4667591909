#pragma once
// The auth domain's plain types: a user's profile as the contract has it, and the stored user.
#include <chrono>
#include <string>
#include <vector>

#include "core/ids.h"

namespace bh::auth {

struct UserProfile {
    std::string first_name;
    std::string last_name;
    std::string nif;
    std::string email;
    std::chrono::year_month_day date_of_birth{};
    std::string nationality;
    std::string gender;  // "Male" | "Female"
    std::string phone_number;
};

struct User {
    UserId id;
    UserProfile profile;
    std::vector<std::string> roles;  // sorted
    std::string password_hash;       // never leaves the service
};

// Registration: a profile and the chosen password. Roles are never taken from the request.
struct Registration {
    UserProfile profile;
    std::string password;
};

// Update: the whole profile (as the seed's PUT), the current password, optionally a new one.
struct ProfileUpdate {
    UserId id;
    UserProfile profile;
    std::string current_password;
    std::string new_password;  // empty = keep
};

}  // namespace bh::auth
