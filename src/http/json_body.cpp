#include "http/json_body.h"

#include <boost/json/parse.hpp>

#include "core/error.h"

namespace bh::http {

namespace {
constexpr std::size_t kMaxDepth = 32;
}

boost::json::value parse_json(std::string_view body) {
    boost::json::parse_options options;
    options.max_depth = kMaxDepth;
    boost::system::error_code ec;
    auto value = boost::json::parse(body, ec, {}, options);
    if (ec) throw bad_request("Invalid JSON format", errc::kJsonParse);
    return value;
}

boost::json::object parse_json_object(std::string_view body) {
    auto value = parse_json(body);
    if (!value.is_object()) throw bad_request("Invalid JSON format", errc::kJsonParse);
    return std::move(value.as_object());
}

std::optional<Money> money_field(const boost::json::object& object, std::string_view field) {
    const auto* value = object.if_contains(field);
    if (value == nullptr || value->is_null()) return std::nullopt;
    std::optional<Money> money;
    if (value->is_double()) money = Money::from_double(value->get_double());
    if (value->is_int64()) money = Money::parse(std::to_string(value->get_int64()));
    if (value->is_uint64()) money = Money::parse(std::to_string(value->get_uint64()));
    if (value->is_string()) money = Money::parse(value->get_string());
    if (!money) {
        throw bad_request(std::string(field) + ": must be an amount with at most two decimals")
            .with_fields({{std::string(field), "must be an amount with at most two decimals"}});
    }
    return money;
}

}  // namespace bh::http
