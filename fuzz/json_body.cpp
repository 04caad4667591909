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
//    whose money_json/json_text form reads back as the same amount;
//  - JsonInput (how every route reads its fields) on every member: text trimmed, bounded, without
//    control characters; a UUID that prints and parses back to itself; an amount within the bounds
//    asked; a date of 1900-9999; a version 0..INT32_MAX; finish() refuses only with a 400 naming
//    the fields.
#include "http/json_body.h"

#include <boost/json.hpp>

#include "core/error.h"
#include "core/json_text.h"
#include "fuzz_check.h"
#include "json_compare.h"
#include "runtime/json_input.h"

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

void check_json_input(const json::object& object) {
    const auto min = bh::Money::from_cents(-100'000), max = bh::Money::from_cents(bh::Money::kMaxCents);
    std::size_t checked = 0;
    for (const auto& member : object) {
        if (++checked > 16) break;
        const std::string_view field = member.key();
        bh::JsonInput in(object);
        if (const auto text = in.optional_text(field, 50)) {
            FUZZ_CHECK(!text->empty() && text->size() <= 50);
            FUZZ_CHECK(bh::trimmed(*text) == *text && !bh::has_control_characters(*text));
        }
        if (const auto id = in.optional_uuid(field)) FUZZ_CHECK(bh::Uuid::parse(id->to_string()) == id);
        if (const auto amount = in.optional_money(field, min, max))
            FUZZ_CHECK(min <= *amount && *amount <= max);
        if (const auto date = in.optional_date(field)) {
            FUZZ_CHECK(date->ok() && date->year() >= std::chrono::year{1900} &&
                       date->year() <= std::chrono::year{9999});
        }
        FUZZ_CHECK(in.required_version(field) >= 0);
        in.optional_enum(field);
        try {
            in.finish();
        } catch (const AppError& e) {
            FUZZ_CHECK(e.kind() == bh::ErrorKind::BadRequest && !e.field_errors().empty());
        }
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
        FUZZ_CHECK(bh::fuzz::json_equivalent(bh::http::parse_json_object(body), value));
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

    if (value.is_object()) {
        check_money_fields(value.get_object());
        check_json_input(value.get_object());
    }
    return 0;
}
