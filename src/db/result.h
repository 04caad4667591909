#pragma once
// Query results without libpq types: a Result owns the server's answer, a Row is a view into one of
// its rows (valid while the Result lives). Every value is read as text and converted exactly:
//
//   for (const db::Row& row : result) {
//       auto id = row.get<bh::Uuid>("id");
//       auto amount = row.get<bh::Money>("amount");           // NUMERIC(19,2), exact
//       auto note = row.get<std::optional<std::string>>("note");  // NULL -> nullopt
//   }
//
// A NULL read as a non-optional type, or text that is not a valid value of the type, throws
// AppError Internal (the schema and the code disagree: a bug, not user input).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/ids.h"
#include "core/money.h"
#include "core/uuid.h"

namespace bh::db {

class Result;

namespace detail {
struct ResultAccess;

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};
template <class T>
struct IsTypedId : std::false_type {};
template <class Tag>
struct IsTypedId<TypedId<Tag>> : std::true_type {};

template <class T>
using Type = std::type_identity<T>;
// One overload per supported type; nullopt when the text is not a valid value.
std::optional<std::string> decode(std::string_view text, Type<std::string>);
std::optional<std::string_view> decode(std::string_view text, Type<std::string_view>);
std::optional<std::int64_t> decode(std::string_view text, Type<std::int64_t>);
std::optional<std::int32_t> decode(std::string_view text, Type<std::int32_t>);
std::optional<std::int16_t> decode(std::string_view text, Type<std::int16_t>);
std::optional<bool> decode(std::string_view text, Type<bool>);
std::optional<double> decode(std::string_view text, Type<double>);  // never for money
std::optional<Uuid> decode(std::string_view text, Type<Uuid>);
std::optional<Money> decode(std::string_view text, Type<Money>);  // NUMERIC, at most 2 decimals
std::optional<std::chrono::system_clock::time_point> decode(std::string_view text,
                                                            Type<std::chrono::system_clock::time_point>);
std::optional<std::chrono::year_month_day> decode(std::string_view text, Type<std::chrono::year_month_day>);
}  // namespace detail

class Row {
  public:
    template <class T>
    T get(int column) const {
        if constexpr (detail::IsOptional<T>::value) {
            if (is_null(column)) return std::nullopt;
            return get<typename T::value_type>(column);
        } else if constexpr (detail::IsTypedId<T>::value) {
            return T(get<Uuid>(column));
        } else {
            auto value = detail::decode(non_null_text(column), detail::Type<T>{});
            if (!value) throw_not_convertible(column, type_label(detail::Type<T>{}));
            return std::move(*value);
        }
    }
    template <class T>
    T get(std::string_view column_name) const {
        return get<T>(column_index(column_name));
    }

    bool is_null(int column) const;
    bool is_null(std::string_view column_name) const { return is_null(column_index(column_name)); }
    // The raw text ("" for NULL).
    std::string_view text(int column) const;
    int columns() const;
    int column_index(std::string_view column_name) const;  // throws AppError Internal when unknown
    std::size_t index() const { return row_; }

  private:
    friend class Result;
    Row(const Result* result, std::size_t row) : result_(result), row_(row) {}

    std::string_view non_null_text(int column) const;
    [[noreturn]] void throw_not_convertible(int column, const char* type) const;
    template <class T>
    static const char* type_label(detail::Type<T>) {
        if constexpr (std::is_same_v<T, Money>) return "money";
        if constexpr (std::is_same_v<T, Uuid>) return "uuid";
        if constexpr (std::is_same_v<T, bool>) return "bool";
        if constexpr (std::is_integral_v<T>) return "integer";
        if constexpr (std::is_same_v<T, std::chrono::system_clock::time_point>) return "timestamp";
        if constexpr (std::is_same_v<T, std::chrono::year_month_day>) return "date";
        return "value";
    }

    const Result* result_;
    std::size_t row_;
};

class Result {
  public:
    Result() = default;  // no rows, no columns (an empty statement)

    std::size_t size() const { return rows_; }
    bool empty() const { return rows_ == 0; }
    int columns() const { return columns_; }
    std::string_view column_name(int column) const;
    int column_index(std::string_view column_name) const;  // throws AppError Internal when unknown
    // Rows inserted/updated/deleted/selected by the command (0 when the command reports none).
    std::int64_t affected_rows() const;

    Row operator[](std::size_t row) const { return Row(this, row); }
    Row at(std::size_t row) const;  // throws AppError Internal when out of range
    // Exactly one row, else AppError Internal ("SELECT ... WHERE id = $1" on a primary key).
    Row one() const;
    // Zero or one row; more is AppError Internal.
    std::optional<Row> maybe_one() const;

    class iterator {
      public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = Row;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = Row;
        iterator() = default;
        Row operator*() const { return (*result_)[row_]; }
        iterator& operator++() {
            ++row_;
            return *this;
        }
        iterator operator++(int) {
            auto copy = *this;
            ++row_;
            return copy;
        }
        bool operator==(const iterator& other) const { return row_ == other.row_; }

      private:
        friend class Result;
        iterator(const Result* result, std::size_t row) : result_(result), row_(row) {}
        const Result* result_ = nullptr;
        std::size_t row_ = 0;
    };
    iterator begin() const { return iterator(this, 0); }
    iterator end() const { return iterator(this, rows_); }

  private:
    friend class Row;
    friend struct detail::ResultAccess;
    explicit Result(std::shared_ptr<const void> handle);

    std::shared_ptr<const void> handle_;  // the PGresult
    std::size_t rows_ = 0;
    int columns_ = 0;
};

}  // namespace bh::db
