#include "services/auth/users/user_json.h"

#include <boost/json/array.hpp>
#include <cstdio>

namespace bh::auth {

namespace {

std::string date_text(std::chrono::year_month_day date) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

}  // namespace

boost::json::object user_json(const User& user) {
    boost::json::array roles;
    for (const auto& role : user.roles) roles.emplace_back(role);
    const auto& p = user.profile;
    return {
        {"id", user.id.to_string()},
        {"firstName", p.first_name},
        {"lastName", p.last_name},
        {"nif", p.nif},
        {"email", p.email},
        {"dateOfBirth", date_text(p.date_of_birth)},
        {"nationality", p.nationality},
        {"gender", p.gender},
        {"phoneNumber", p.phone_number},
        {"roles", std::move(roles)},
    };
}

boost::json::object tokens_json(const SessionTokens& tokens, bool with_profile) {
    boost::json::object out{
        {"id", tokens.user_id.to_string()},
        {"token", tokens.access_token},
        {"refreshToken", tokens.refresh_token},
    };
    if (with_profile) {
        out["nif"] = tokens.user.profile.nif;
        out["firstName"] = tokens.user.profile.first_name;
    }
    return out;
}

}  // namespace bh::auth
