#pragma once
// JSON values compared the way a round trip through Boost.JSON 1.81 can keep them. Its parser reads
// doubles "imprecisely" (within an ulp or two; exact parsing, number_precision::precise, came in
// Boost 1.83), so a double far outside money's range (999999999999999e99, or an integer longer than
// 20 digits, which it reads as a double) may come back a couple of ulps away after json_text. Inside
// money's range (|x| < 1e15) numbers must come back exactly: that is what keeps cents exact.
// A number too large for a double (1e999) is read as infinity, and Boost.JSON 1.81 reads 0e9999 as NaN
// (0 times an infinite power of ten); json_text writes both as null (no JSON text holds them,
// core/json_text.h): a non-finite double and null are equivalent, either way round, and NaN is
// equivalent to NaN.
#include <boost/json.hpp>
#include <cmath>
#include <limits>

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
        const double magnitude = std::max(std::fabs(x), std::fabs(y));
        if (magnitude < 1e15) return false;
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
