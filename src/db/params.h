#pragma once
// Query parameters, all sent as text (the server casts them to the column type). Building them is
// plain C++: nothing here knows about libpq.
//
//   db::Params params{user.email, user.id, amount, std::optional<std::string>{}};
//   params.add(clock.now());
#include <chrono>
#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/ids.h"
#include "core/money.h"
#include "core/uuid.h"

namespace bh::db {

class Params {
  public:
    Params() = default;
    template <class... Values>
    requires(sizeof...(Values) > 0 && !(std::is_same_v<std::remove_cvref_t<Values>, Params> ||
                                        ...)) explicit Params(const Values&... values) {
        values_.reserve(sizeof...(Values));
        (add(values), ...);
    }

    // Text must not contain NUL (PostgreSQL text cannot hold it): throws AppError BadRequest.
    Params& add(std::string_view text);
    Params& add(const std::string& text) { return add(std::string_view(text)); }
    Params& add(const char* text) { return add(std::string_view(text)); }
    Params& add(bool value);
    template <std::integral Integer>
    requires(!std::same_as<Integer, bool> && !std::same_as<Integer, char>) Params& add(Integer value) {
        if constexpr (std::is_signed_v<Integer>) {
            return add_signed(value);
        } else {
            return add_unsigned(value);
        }
    }
    Params& add(const Uuid& id);
    template <class Tag>
    Params& add(const TypedId<Tag>& id) {
        return add(id.uuid());
    }
    Params& add(Money amount);                              // "-12.30": exact, for NUMERIC(19,2)
    Params& add(std::chrono::system_clock::time_point at);  // ISO 8601 UTC, microseconds
    template <class Duration>
    requires(!std::same_as<Duration, std::chrono::days>) Params& add(
        std::chrono::time_point<std::chrono::system_clock, Duration> at) {
        return add(std::chrono::time_point_cast<std::chrono::system_clock::duration>(at));
    }
    Params& add(std::chrono::sys_days date) { return add(std::chrono::year_month_day{date}); }
    Params& add(std::chrono::year_month_day date);  // "2024-05-01", for DATE
    Params& add(std::nullopt_t) { return add_null(); }
    template <class T>
    Params& add(const std::optional<T>& value) {
        return value ? add(*value) : add_null();
    }
    Params& add_null();

    std::size_t size() const { return values_.size(); }
    bool empty() const { return values_.empty(); }
    // nullopt is SQL NULL.
    const std::vector<std::optional<std::string>>& values() const { return values_; }

  private:
    Params& add_signed(std::int64_t value);
    Params& add_unsigned(std::uint64_t value);

    std::vector<std::optional<std::string>> values_;
};

}  // namespace bh::db
