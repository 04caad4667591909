#include "runtime/json_input.h"

#include <boost/json/value.hpp>

#include "db/time_text.h"
#include "http/json_body.h"

namespace bh {

namespace {

std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

bool has_control_characters(std::string_view text) {
    for (const char c : text) {
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') return true;
    }
    return false;
}

}  // namespace

const boost::json::value* JsonInput::present(std::string_view field) const {
    const auto* value = object_.if_contains(field);
    if (value == nullptr || value->is_null()) return nullptr;
    return value;
}

void JsonInput::add_error(std::string_view field, std::string message) {
    errors_.push_back({std::string(field), std::move(message)});
}

std::optional<std::string> JsonInput::optional_text(std::string_view field, std::size_t max_length) {
    const auto* value = present(field);
    if (value == nullptr) return std::nullopt;
    if (!value->is_string()) {
        add_error(field, "must be a string");
        return std::nullopt;
    }
    auto text = trim(value->as_string());
    if (text.empty()) return std::nullopt;
    if (text.size() > max_length) {
        add_error(field, "must be at most " + std::to_string(max_length) + " characters");
        return std::nullopt;
    }
    if (has_control_characters(text)) {
        add_error(field, "must not contain control characters");
        return std::nullopt;
    }
    return text;
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
    if (value->is_string() && value->as_string().size() == 10) date = db::parse_date(value->as_string());
    if (!date || !date->ok() || date->year() < std::chrono::year{1900} ||
        date->year() > std::chrono::year{9999}) {
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
    if (errors_.empty()) return;
    std::string message = "Validation failed: ";
    for (std::size_t i = 0; i < errors_.size(); ++i) {
        if (i > 0) message += ", ";
        message += errors_[i].field + " " + errors_[i].message;
    }
    throw bad_request(std::move(message)).with_fields(errors_);
}

}  // namespace bh
