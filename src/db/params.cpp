#include "db/params.h"

#include "core/error.h"
#include "db/time_text.h"

namespace bh::db {

Params& Params::add(std::string_view text) {
    if (text.find('\0') != std::string_view::npos) {
        throw bad_request("Text must not contain NUL characters.");
    }
    values_.emplace_back(std::string(text));
    return *this;
}

Params& Params::add(bool value) {
    values_.emplace_back(value ? "true" : "false");
    return *this;
}

Params& Params::add(const Uuid& id) {
    values_.emplace_back(id.to_string());
    return *this;
}

Params& Params::add(Money amount) {
    values_.emplace_back(amount.to_string());
    return *this;
}

Params& Params::add(std::chrono::system_clock::time_point at) {
    values_.emplace_back(format_timestamp(at));
    return *this;
}

Params& Params::add(std::chrono::year_month_day date) {
    if (!date.ok()) throw bad_request("Invalid date.");
    values_.emplace_back(format_date(date));
    return *this;
}

Params& Params::add_null() {
    values_.emplace_back(std::nullopt);
    return *this;
}

Params& Params::add_signed(std::int64_t value) {
    values_.emplace_back(std::to_string(value));
    return *this;
}

Params& Params::add_unsigned(std::uint64_t value) {
    values_.emplace_back(std::to_string(value));
    return *this;
}

}  // namespace bh::db
