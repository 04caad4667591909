// Fuzz target: JSON request bodies. Feeds the input to http::parse_json and http::parse_json_object
// (every route's body goes through them), writes what they accept with bh::json_text (how every
// service writes JSON: HTTP bodies, Kafka payloads) and reads money fields with http::money_field.
// Asserts:
//  - malformed input is refused as AppError BadRequest JSON_PARSE_ERROR, never anything else;
//  - parse_json_object accepts exactly the inputs parse_json accepts as an object;
//  - round trip: json_text(parsed) parses again to an equal value (numbers of money's range exactly,
//    huge doubles within Boost.JSON 1.81's parsing error: json_compare.h), and when equal, writing it
//    again gives the same text (json_text is a fixed point after one round);
//  - money_field on every member either refuses with a 400 or gives an amount within Money's range
//    whose money_json/json_text form reads back as the same amount.
#include "http/json_body.h"

#include <boost/json.hpp>

#include "core/error.h"
#include "core/json_text.h"
#include "fuzz_check.h"
#include "json_compare.h"

namespace {

namespace json = boost::json;
using bh::AppError;

void check_money_fields(const json::object& object) {
    for (const auto& member : object) {
        std::optional<bh::Money> money;
        try {
            money = bh::http::money_field(object, member.key());
        } catch (const AppError& e) {
            FUZZ_CHECK(e.kind() == bh::ErrorKind::BadRequest);
            continue;
        }
        if (!money) {
            FUZZ_CHECK(member.value().is_null());
            continue;
        }
        FUZZ_CHECK(money->cents() <= bh::Money::kMaxCents && money->cents() >= -bh::Money::kMaxCents);
        // What a service would write back, read as a client's body again.
        const json::object echoed{{"amount", bh::money_json(*money)}};
        const auto reread =
            bh::http::money_field(bh::http::parse_json_object(bh::json_text(echoed)), "amount");
        FUZZ_CHECK(reread && reread->cents() == money->cents());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto body = bh::fuzz::as_text(data, size);
    json::value value;
    try {
        value = bh::http::parse_json(body);
    } catch (const AppError& e) {
        FUZZ_CHECK(e.kind() == bh::ErrorKind::BadRequest && e.code() == bh::errc::kJsonParse);
        bool refused = false;
        try {
            bh::http::parse_json_object(body);
        } catch (const AppError&) {
            refused = true;
        }
        FUZZ_CHECK(refused);
        return 0;
    }
    bool object_refused = false;
    try {
        FUZZ_CHECK(bh::http::parse_json_object(body) == value);
    } catch (const AppError& e) {
        FUZZ_CHECK(e.code() == bh::errc::kJsonParse);
        object_refused = true;
    }
    FUZZ_CHECK(object_refused == !value.is_object());

    const std::string text = bh::json_text(value);
    json::value again;
    try {
        again = bh::http::parse_json(text);
    } catch (const AppError&) {
        std::fprintf(stderr, "json_text wrote what parse_json refuses: %s\n", text.c_str());
        FUZZ_CHECK(false);
    }
    FUZZ_CHECK(bh::fuzz::json_equivalent(again, value));
    if (again == value) FUZZ_CHECK(bh::json_text(again) == text);

    if (value.is_object()) check_money_fields(value.get_object());
    return 0;
}
