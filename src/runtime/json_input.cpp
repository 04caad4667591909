#include "runtime/json_input.h"

#include <boost/json/value.hpp>

#include "http/json_body.h"
#include "runtime/query_input.h"

namespace bh {

const boost::json::value* JsonInput::present(std::string_view field) const {
    const auto* value = object_.if_contains(field);
    if (value == nullptr || value->is_null()) return nullptr;
    return value;
}

void JsonInput::add_error(std::string_view field, std::string message) {
    errors_.add(field, std::move(message));
}

std::optional<std::string> JsonInput::optional_text(std::string_view field, std::size_t max_length) {
    const auto* value = present(field);
    if (value == nullptr) return std::nullopt;
    if (!value->is_string()) {
        add_error(field, "must be a string");
        return std::nullopt;
    }
    return errors_.text(field, value->as_string(), max_length);
}

std::string JsonInput::required_text(std::string_view field, std::size_t max_length) {
    const auto errors_before = errors_.size();
    auto text = optional_text(field, max_length);
    if (!text) {
        if (errors_.size() == errors_before) add_error(field, "must not be blank");
        return {};
    }
    return *text;
}

std::optional<Uuid> JsonInput::optional_uuid(std::string_view field) {
    const auto* value = present(field);
    if (value == nullptr) return std::nullopt;
    std::optional<Uuid> id;
    if (value->is_string()) id = Uuid::parse(value->as_string());
    if (!id) add_error(field, "must be a UUID");
    return id;
}

Uuid JsonInput::required_uuid(std::string_view field) {
    if (present(field) == nullptr) {
        add_error(field, "is required");
        return {};
    }
    return optional_uuid(field).value_or(Uuid{});
}

std::optional<Money> JsonInput::optional_money(std::string_view field, Money min, Money max) {
    if (present(field) == nullptr) return std::nullopt;
    std::optional<Money> amount;
    try {
        amount = http::money_field(object_, field);
    } catch (const AppError&) {
        add_error(field, "must be an amount with at most two decimals");
        return std::nullopt;
    }
    if (amount && (*amount < min || *amount > max)) {
        add_error(field, "must be between " + min.to_string() + " and " + max.to_string());
        return std::nullopt;
    }
    return amount;
}

Money JsonInput::required_money(std::string_view field, Money min, Money max) {
    if (present(field) == nullptr) {
        add_error(field, "is required");
        return {};
    }
    return optional_money(field, min, max).value_or(Money{});
}

std::optional<std::chrono::year_month_day> JsonInput::optional_date(std::string_view field) {
    const auto* value = present(field);
    if (value == nullptr) return std::nullopt;
    std::optional<std::chrono::year_month_day> date;
    if (value->is_string()) date = parse_request_date(value->as_string());
    if (!date) {
        add_error(field, "must be a date YYYY-MM-DD");
        return std::nullopt;
    }
    return date;
}

std::chrono::year_month_day JsonInput::required_date(std::string_view field) {
    if (present(field) == nullptr) {
        add_error(field, "is required");
        return {};
    }
    return optional_date(field).value_or(std::chrono::year_month_day{});
}

std::int32_t JsonInput::required_version(std::string_view field) {
    const auto* value = present(field);
    if (value == nullptr) {
        add_error(field, "is required");
        return 0;
    }
    if (!value->is_int64() || value->as_int64() < 0 || value->as_int64() > INT32_MAX) {
        add_error(field, "must be a non-negative integer");
        return 0;
    }
    return static_cast<std::int32_t>(value->as_int64());
}

std::optional<std::string> JsonInput::optional_enum(std::string_view field) {
    const auto* value = present(field);
    if (value == nullptr) return std::nullopt;
    if (!value->is_string()) {
        add_error(field, "must be a string");
        return std::nullopt;
    }
    return std::string(value->as_string());
}

void JsonInput::finish() const {
    errors_.throw_if_any("Validation failed");
}

}  // namespace bh
