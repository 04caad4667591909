#include "security/jwt_claims.h"

#include <algorithm>
#include <array>

#include "core/error.h"

namespace bh::security {

namespace {

constexpr std::array<std::string_view, 9> kRegistered = {"sub", "email", "roles", "jti", "iat",
                                                         "exp", "nbf",   "iss",   "aud"};

bool is_registered(std::string_view name) {
    return std::find(kRegistered.begin(), kRegistered.end(), name) != kRegistered.end();
}

bool read_string(const boost::json::value& value, std::string& out) {
    const auto* text = value.if_string();
    if (text == nullptr) return false;
    out.assign(text->data(), text->size());
    return true;
}

// The latest NumericDate accepted: what a system_clock::time_point holds (year 2262 with libstdc++'s
// nanoseconds), so the leeway arithmetic and any conversion of a claim to a time_point stay in range.
constexpr std::int64_t kMaxNumericDate =
    std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::duration::max()).count() -
    std::chrono::duration_cast<std::chrono::seconds>(std::chrono::days(1)).count();

// NumericDate: whole seconds, 1970 .. kMaxNumericDate. Fractions are not produced by any issuer we
// accept; a date outside the range is a claim of the wrong type.
bool read_time(const boost::json::value& value, std::chrono::sys_seconds& out) {
    std::int64_t seconds = 0;
    if (const auto* i = value.if_int64()) {
        seconds = *i;
    } else if (const auto* u = value.if_uint64();
               u != nullptr && *u <= static_cast<std::uint64_t>(INT64_MAX)) {
        seconds = static_cast<std::int64_t>(*u);
    } else {
        return false;
    }
    if (seconds < 0 || seconds > kMaxNumericDate) return false;
    out = std::chrono::sys_seconds(std::chrono::seconds(seconds));
    return true;
}

bool read_strings(const boost::json::value& value, std::vector<std::string>& out) {
    out.clear();
    if (value.is_string()) {  // "aud" may be a single string (RFC 7519 §4.1.3)
        out.emplace_back(value.get_string());
        return true;
    }
    const auto* array = value.if_array();
    if (array == nullptr) return false;
    out.reserve(array->size());
    for (const auto& item : *array) {
        const auto* text = item.if_string();
        if (text == nullptr) return false;
        out.emplace_back(*text);
    }
    return true;
}

boost::json::array to_array(const std::vector<std::string>& items) {
    boost::json::array array;
    array.reserve(items.size());
    for (const auto& item : items) array.emplace_back(item);
    return array;
}

}  // namespace

bool JwtClaims::has_role(std::string_view role) const {
    return std::find(roles.begin(), roles.end(), role) != roles.end();
}

boost::json::object claims_to_json(const JwtClaims& claims) {
    if (claims.sub.empty() || claims.jti.empty() || claims.exp.time_since_epoch().count() == 0) {
        throw internal("JWT claims need sub, jti and exp");
    }
    boost::json::object payload;
    payload.reserve(claims.extra.size() + kRegistered.size());
    payload["sub"] = claims.sub;
    if (!claims.email.empty()) payload["email"] = claims.email;
    payload["roles"] = to_array(claims.roles);
    payload["jti"] = claims.jti;
    payload["iat"] = claims.iat.time_since_epoch().count();
    payload["exp"] = claims.exp.time_since_epoch().count();
    if (claims.nbf) payload["nbf"] = claims.nbf->time_since_epoch().count();
    if (!claims.iss.empty()) payload["iss"] = claims.iss;
    if (claims.aud.size() == 1) {
        payload["aud"] = claims.aud.front();
    } else if (!claims.aud.empty()) {
        payload["aud"] = to_array(claims.aud);
    }
    for (const auto& [name, value] : claims.extra) {
        if (is_registered(name))
            throw internal("JWT extra claim repeats a registered claim: " + std::string(name));
        payload[name] = value;
    }
    return payload;
}

ClaimsParseError claims_from_json(const boost::json::object& payload, JwtClaims& out) {
    // Clear rather than reassign: a caller that reuses `out` keeps its string capacity.
    out.sub.clear();
    out.email.clear();
    out.roles.clear();
    out.jti.clear();
    out.iat = {};
    out.exp = {};
    out.nbf.reset();
    out.iss.clear();
    out.aud.clear();
    out.extra.clear();
    bool has_sub = false, has_jti = false, has_exp = false;
    for (const auto& [name, value] : payload) {
        bool ok = true;
        if (name == "sub") {
            ok = has_sub = read_string(value, out.sub);
        } else if (name == "email") {
            ok = read_string(value, out.email);
        } else if (name == "roles") {
            ok = value.is_array() && read_strings(value, out.roles);
        } else if (name == "jti") {
            ok = has_jti = read_string(value, out.jti);
        } else if (name == "iat") {
            ok = read_time(value, out.iat);
        } else if (name == "exp") {
            ok = has_exp = read_time(value, out.exp);
        } else if (name == "nbf") {
            std::chrono::sys_seconds nbf{};
            ok = read_time(value, nbf);
            out.nbf = nbf;
        } else if (name == "iss") {
            ok = read_string(value, out.iss);
        } else if (name == "aud") {
            ok = read_strings(value, out.aud);
        } else {
            out.extra.emplace(name, value);
        }
        if (!ok) return ClaimsParseError::BadClaim;
    }
    if (!has_sub || out.sub.empty() || !has_jti || out.jti.empty() || !has_exp)
        return ClaimsParseError::MissingClaim;
    return ClaimsParseError::None;
}

}  // namespace bh::security
