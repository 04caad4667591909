#include "db/result.h"

#include <charconv>
#include <cstdlib>

#include "core/error.h"
#include "db/detail/pg_result.h"
#include "db/time_text.h"

namespace bh::db {

namespace {

const PGresult* raw_of(const std::shared_ptr<const void>& handle) {
    return static_cast<const PGresult*>(handle.get());
}

template <class Integer>
std::optional<Integer> decode_integer(std::string_view text) {
    Integer value{};
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end || text.empty()) return std::nullopt;
    return value;
}

}  // namespace

namespace detail {

std::optional<std::string> decode(std::string_view text, Type<std::string>) {
    return std::string(text);
}
std::optional<std::string_view> decode(std::string_view text, Type<std::string_view>) {
    return text;
}
std::optional<std::int64_t> decode(std::string_view text, Type<std::int64_t>) {
    return decode_integer<std::int64_t>(text);
}
std::optional<std::int32_t> decode(std::string_view text, Type<std::int32_t>) {
    return decode_integer<std::int32_t>(text);
}
std::optional<std::int16_t> decode(std::string_view text, Type<std::int16_t>) {
    return decode_integer<std::int16_t>(text);
}
std::optional<bool> decode(std::string_view text, Type<bool>) {
    if (text == "t") return true;
    if (text == "f") return false;
    return std::nullopt;
}
std::optional<double> decode(std::string_view text, Type<double>) {
    double value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end || text.empty()) return std::nullopt;
    return value;
}
std::optional<Uuid> decode(std::string_view text, Type<Uuid>) {
    return Uuid::parse(text);
}
std::optional<Money> decode(std::string_view text, Type<Money>) {
    return Money::parse(text);
}
std::optional<std::chrono::system_clock::time_point> decode(std::string_view text,
                                                            Type<std::chrono::system_clock::time_point>) {
    return parse_timestamp(text);
}
std::optional<std::chrono::year_month_day> decode(std::string_view text, Type<std::chrono::year_month_day>) {
    return parse_date(text);
}

Result ResultAccess::wrap(PGresult* owned) {
    return Result(std::shared_ptr<const void>(
        owned, [](const void* p) { PQclear(const_cast<PGresult*>(static_cast<const PGresult*>(p))); }));
}

const PGresult* ResultAccess::raw(const Result& result) {
    return raw_of(result.handle_);
}

}  // namespace detail

Result::Result(std::shared_ptr<const void> handle) : handle_(std::move(handle)) {
    const PGresult* raw = raw_of(handle_);
    rows_ = static_cast<std::size_t>(PQntuples(raw));
    columns_ = PQnfields(raw);
}

std::string_view Result::column_name(int column) const {
    if (column < 0 || column >= columns_)
        throw internal("db: column index " + std::to_string(column) + " out of range");
    return PQfname(raw_of(handle_), column);
}

int Result::column_index(std::string_view column_name) const {
    // Exact, case-sensitive match: PQfnumber would fold case and treat quotes specially.
    for (int i = 0; i < columns_; ++i) {
        if (column_name == PQfname(raw_of(handle_), i)) return i;
    }
    throw internal("db: the result has no column named '" + std::string(column_name) + "'");
}

std::int64_t Result::affected_rows() const {
    if (!handle_) return 0;
    const char* text = PQcmdTuples(const_cast<PGresult*>(raw_of(handle_)));  // libpq's signature lacks const
    if (text == nullptr || *text == '\0') return 0;
    return std::strtoll(text, nullptr, 10);
}

Row Result::at(std::size_t row) const {
    if (row >= rows_) throw internal("db: row " + std::to_string(row) + " out of range");
    return Row(this, row);
}

Row Result::one() const {
    if (rows_ != 1) throw internal("db: expected exactly one row, got " + std::to_string(rows_));
    return Row(this, 0);
}

std::optional<Row> Result::maybe_one() const {
    if (rows_ > 1) throw internal("db: expected at most one row, got " + std::to_string(rows_));
    if (rows_ == 0) return std::nullopt;
    return Row(this, 0);
}

bool Row::is_null(int column) const {
    if (column < 0 || column >= result_->columns_) result_->column_name(column);  // throws
    return PQgetisnull(raw_of(result_->handle_), static_cast<int>(row_), column) != 0;
}

std::string_view Row::text(int column) const {
    if (column < 0 || column >= result_->columns_) result_->column_name(column);  // throws
    const PGresult* raw = raw_of(result_->handle_);
    const int row = static_cast<int>(row_);
    return {PQgetvalue(raw, row, column), static_cast<std::size_t>(PQgetlength(raw, row, column))};
}

int Row::columns() const {
    return result_->columns_;
}

int Row::column_index(std::string_view column_name) const {
    return result_->column_index(column_name);
}

std::string_view Row::non_null_text(int column) const {
    if (is_null(column)) {
        throw internal("db: column '" + std::string(result_->column_name(column)) +
                       "' is NULL; read it as std::optional");
    }
    return text(column);
}

void Row::throw_not_convertible(int column, const char* type) const {
    // The value itself stays out of the message: it may be personal data.
    throw internal("db: column '" + std::string(result_->column_name(column)) + "' is not a valid " + type);
}

}  // namespace bh::db
