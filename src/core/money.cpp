#include "core/money.h"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace bh {

namespace {
__extension__ typedef __int128 Int128;  // GCC builtin; __extension__ keeps -Wpedantic quiet

bool all_digits(std::string_view s) {
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}
}  // namespace

Money Money::from_units(std::int64_t units) {
    if (units > kMaxCents / 100 || units < -kMaxCents / 100) throw std::overflow_error("money out of range");
    return Money(units * 100);
}

std::optional<Money> Money::parse(std::string_view text) {
    bool negative = false;
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    const auto dot = text.find('.');
    std::string_view whole = text.substr(0, dot);
    std::string_view fraction = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
    if (whole.empty() || !all_digits(whole) || !all_digits(fraction)) return std::nullopt;
    if (dot != std::string_view::npos && fraction.empty()) return std::nullopt;  // "12."
    if (fraction.size() > 2) return std::nullopt;
    while (whole.size() > 1 && whole.front() == '0') whole.remove_prefix(1);
    if (whole.size() > 16) return std::nullopt;
    std::int64_t units = 0;
    std::from_chars(whole.data(), whole.data() + whole.size(), units);
    std::int64_t cents = 0;
    for (std::size_t i = 0; i < 2; ++i) cents = cents * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);
    if (units > (kMaxCents - cents) / 100) return std::nullopt;
    const std::int64_t total = units * 100 + cents;
    return Money(negative ? -total : total);
}

std::optional<Money> Money::from_double(double value) {
    if (!std::isfinite(value)) return std::nullopt;
    char buffer[64];
    // Shortest round-trip form: for any decimal typed with <= 15 significant digits this is that
    // decimal itself, so the exact parse below sees what the client wrote.
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
    if (ec != std::errc{}) return std::nullopt;
    return parse(std::string_view(buffer, static_cast<std::size_t>(end - buffer)));
}

std::string Money::to_string() const {
    const std::uint64_t magnitude =
        cents_ < 0 ? static_cast<std::uint64_t>(-(cents_ + 1)) + 1 : static_cast<std::uint64_t>(cents_);
    std::string out = std::to_string(magnitude / 100);
    const auto rest = static_cast<unsigned>(magnitude % 100);
    out.push_back('.');
    out.push_back(static_cast<char>('0' + rest / 10));
    out.push_back(static_cast<char>('0' + rest % 10));
    return cents_ < 0 ? "-" + out : out;
}

double Money::to_double() const {
    return static_cast<double>(cents_) / 100.0;
}

Money Money::apply_rate(std::int64_t basis_points) const {
    // 128-bit intermediate: cents * bp can exceed 2^63 for large amounts.
    const Int128 product = static_cast<Int128>(cents_) * basis_points;
    const Int128 half = 5000;
    const Int128 rounded = product >= 0 ? (product + half) / 10000 : (product - half) / 10000;
    if (rounded > kMaxCents || rounded < -kMaxCents) throw std::overflow_error("money out of range");
    return Money(static_cast<std::int64_t>(rounded));
}

Money Money::operator+(Money other) const {
    std::int64_t out = 0;
    if (__builtin_add_overflow(cents_, other.cents_, &out)) throw std::overflow_error("money overflow");
    return Money(out);
}

Money Money::operator-(Money other) const {
    std::int64_t out = 0;
    if (__builtin_sub_overflow(cents_, other.cents_, &out)) throw std::overflow_error("money overflow");
    return Money(out);
}

Money Money::operator-() const {
    return Money(0) - *this;
}

}  // namespace bh
