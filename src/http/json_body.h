#pragma once
// Reading JSON request bodies: malformed input is a 400 JSON_PARSE_ERROR, never a 500.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/money.h"

namespace bh::http {

// Parses a body that must be a JSON object (depth and size already bounded by the server).
boost::json::object parse_json_object(std::string_view body);
boost::json::value parse_json(std::string_view body);

// A money field: a JSON number (or numeric string) with at most two decimals; nullopt when absent.
// Throws a 400 naming the field when present but not a valid amount.
std::optional<Money> money_field(const boost::json::object& object, std::string_view field);

}  // namespace bh::http
