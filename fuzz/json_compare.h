#pragma once
// JSON values compared the way a round trip through Boost.JSON 1.81 can keep them. Its parser reads
// doubles "imprecisely" (within an ulp or two; exact parsing, number_precision::precise, came in
// Boost 1.83), so a double that is no amount of cents (999999999999999e99, 12.3222222222222222222,
// an integer longer than 20 digits, which it reads as a double) may come back an ulp or two away after
// json_text. A double that is an amount of cents (Money::from_double reads it) must come back exactly:
// that is what keeps money exact.
#include <boost/json.hpp>
#include <cmath>
#include <limits>

#include "core/money.h"

namespace bh::fuzz {

inline bool json_equivalent(const boost::json::value& a, const boost::json::value& b) {
    if (a.is_double() && b.is_double() && std::isnan(a.get_double()) && std::isnan(b.get_double()))
        return true;
    if (a.is_double() && !std::isfinite(a.get_double())) return b.is_null() || a == b;
    if (b.is_double() && !std::isfinite(b.get_double())) return a.is_null();
    const bool a_number = a.is_number(), b_number = b.is_number();
    if (a_number && b_number && (a.is_double() || b.is_double())) {
        const double x = a.to_number<double>(), y = b.to_number<double>();
        if (x == y) return true;
        if (bh::Money::from_double(x) || bh::Money::from_double(y)) return false;
        const double magnitude = std::max(std::fabs(x), std::fabs(y));
        return std::fabs(x - y) <= 4 * std::numeric_limits<double>::epsilon() * magnitude;
    }
    if (a.kind() == boost::json::kind::array && b.kind() == boost::json::kind::array) {
        const auto &x = a.get_array(), &y = b.get_array();
        if (x.size() != y.size()) return false;
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (!json_equivalent(x[i], y[i])) return false;
        }
        return true;
    }
    if (a.is_object() && b.is_object()) {
        const auto &x = a.get_object(), &y = b.get_object();
        if (x.size() != y.size()) return false;
        for (const auto& member : x) {
            const auto* other = y.if_contains(member.key());
            if (other == nullptr || !json_equivalent(member.value(), *other)) return false;
        }
        return true;
    }
    return a == b;
}

}  // namespace bh::fuzz
