#pragma once
// RFC 9562 UUIDs. New ids are version 7 (time-ordered, so B-tree inserts stay at the right edge).
#include <array>
#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace bh {

class Clock;

class Uuid {
  public:
    using Bytes = std::array<std::uint8_t, 16>;

    constexpr Uuid() = default;
    explicit constexpr Uuid(const Bytes& bytes) : bytes_(bytes) {}

    // Version 7 from the clock's wall time; within one millisecond ids from one process still
    // increase (a 12-bit counter in rand_a, RFC 9562 §6.2 method 1).
    static Uuid v7(const Clock& clock);
    static Uuid v7();
    // Canonical 8-4-4-4-12 form, either case; anything else is nullopt.
    static std::optional<Uuid> parse(std::string_view text);

    std::string to_string() const;  // lower case canonical form
    const Bytes& bytes() const { return bytes_; }
    int version() const { return bytes_[6] >> 4; }
    bool is_nil() const;
    // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads the synthesized comparison
    constexpr auto operator<=>(const Uuid&) const = default;

  private:
    Bytes bytes_{};
};

}  // namespace bh

template <>
struct std::hash<bh::Uuid> {
    std::size_t operator()(const bh::Uuid& id) const noexcept;
};
