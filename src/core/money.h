#pragma once
// Money as a signed count of cents. Never a floating-point value: parse and format are exact, and the
// one rounding rule (half away from zero, to the cent) lives in apply_rate().
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bh {

class Money {
  public:
    // Largest magnitude accepted from input: 10^13 - 0.01 (ten trillion). Keeps every value exactly
    // representable as a JSON number (< 2^53 cents) and far inside NUMERIC(19,2).
    static constexpr std::int64_t kMaxCents = 1'000'000'000'000'000 - 1;

    constexpr Money() = default;
    static constexpr Money from_cents(std::int64_t cents) { return Money(cents); }
    static Money from_units(std::int64_t units);

    // Exact decimal parse: "12", "-3.5", "0.07". At most two decimals; no exponent, no spaces.
    static std::optional<Money> parse(std::string_view text);
    // From a JSON number (a double): accepted only if its shortest decimal form has at most two
    // decimals and lies within kMaxCents, so 0.1 + 0.2 style artefacts are rejected, not rounded.
    static std::optional<Money> from_double(double value);

    constexpr std::int64_t cents() const { return cents_; }
    std::string to_string() const;  // "-12.30": always two decimals
    double to_double() const;       // for JSON output only; exact for |cents| < 2^53

    // amount * rate / 10000 (rate in basis points: 23% = 2300), rounded half away from zero.
    Money apply_rate(std::int64_t basis_points) const;

    constexpr bool is_negative() const { return cents_ < 0; }
    constexpr bool is_zero() const { return cents_ == 0; }

    // Arithmetic throws std::overflow_error rather than wrapping.
    Money operator+(Money other) const;
    Money operator-(Money other) const;
    Money operator-() const;
    Money& operator+=(Money other) { return *this = *this + other; }
    Money& operator-=(Money other) { return *this = *this - other; }
    // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads the synthesized comparison
    constexpr auto operator<=>(const Money&) const = default;

  private:
    constexpr explicit Money(std::int64_t cents) : cents_(cents) {}
    std::int64_t cents_ = 0;
};

}  // namespace bh
