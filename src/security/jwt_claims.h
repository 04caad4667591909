#pragma once
// The claims BudgetHub puts in an access token. Registered claims are typed fields; anything else
// a token carries stays available, as received, in `extra`.
#include <boost/json/object.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bh::security {

struct JwtClaims {
    std::string sub;                 // user id; required
    std::string email;               // message key for payments (seed-spec §1.2)
    std::vector<std::string> roles;  // ADMIN, MANAGER, EMPLOYEE, HR
    std::string jti;                 // token id, for the sign-out deny-list; required
    std::chrono::sys_seconds iat{};  // issued at
    std::chrono::sys_seconds exp{};  // expires at; required
    std::optional<std::chrono::sys_seconds> nbf;
    std::string iss;               // empty = absent
    std::vector<std::string> aud;  // one string on the wire when it has one entry
    boost::json::object extra;     // every other claim

    bool has_role(std::string_view role) const;
};

// The JSON payload of a token. Throws bh::AppError (Internal) when a required claim is missing or
// `extra` repeats a registered claim name: signing such a token is a programming error.
boost::json::object claims_to_json(const JwtClaims& claims);

enum class ClaimsParseError { None, MissingClaim, BadClaim };
// Fills `out` from a verified payload. Registered claims of the wrong JSON type are BadClaim.
ClaimsParseError claims_from_json(const boost::json::object& payload, JwtClaims& out);

}  // namespace bh::security
