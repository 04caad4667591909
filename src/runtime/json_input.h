#pragma once
// Reads the fields of a JSON request body and collects every problem, so one 400 names each bad
// field ({"message","status","errorCode":"VALIDATION_ERROR","errors":[{"field","message"}]}).
#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/field_errors.h"
#include "core/money.h"
#include "core/uuid.h"

namespace bh {

class JsonInput {
  public:
    explicit JsonInput(const boost::json::object& object) : object_(object) {}

    // Trimmed text of 1..max_length characters (required) or nullopt when absent/null/blank.
    std::string required_text(std::string_view field, std::size_t max_length);
    std::optional<std::string> optional_text(std::string_view field, std::size_t max_length);
    std::optional<Uuid> optional_uuid(std::string_view field);
    Uuid required_uuid(std::string_view field);
    // A JSON number (or numeric string) with at most two decimals within [min, max].
    std::optional<Money> optional_money(std::string_view field, Money min, Money max);
    Money required_money(std::string_view field, Money min, Money max);
    std::optional<std::chrono::year_month_day> optional_date(std::string_view field);
    std::chrono::year_month_day required_date(std::string_view field);
    std::int32_t required_version(std::string_view field = "version");
    std::optional<std::string> optional_enum(std::string_view field);

    void add_error(std::string_view field, std::string message);
    // Throws BadRequest VALIDATION_ERROR listing every field error, if there were any.
    void finish() const;

  private:
    const boost::json::value* present(std::string_view field) const;

    const boost::json::object& object_;
    FieldErrors errors_;
};

}  // namespace bh
