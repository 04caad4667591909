#include "http/json_body.h"

#include <gtest/gtest.h>

#include "core/error.h"

using bh::http::money_field;
using bh::http::parse_json_object;

namespace {
bh::AppError error_of(auto&& fn) {
    try {
        fn();
    } catch (const bh::AppError& e) {
        return e;
    }
    ADD_FAILURE() << "expected an AppError";
    return bh::internal("none");
}
}  // namespace

TEST(JsonBody, MalformedOrNonObjectIsJsonParseError) {
    for (const char* bad : {"", "{", "[1,2]", "42", "{\"a\":}", "{\"a\":1,}"}) {
        const auto e = error_of([&] { parse_json_object(bad); });
        EXPECT_EQ(e.kind(), bh::ErrorKind::BadRequest) << bad;
        EXPECT_EQ(e.code(), "JSON_PARSE_ERROR") << bad;
    }
    EXPECT_EQ(parse_json_object(R"({"a":1})").at("a").as_int64(), 1);
}

TEST(JsonBody, DeepNestingIsRefusedNotRecursedInto) {
    const std::string deep = std::string(10'000, '[') + std::string(10'000, ']');
    EXPECT_EQ(error_of([&] { bh::http::parse_json(deep); }).code(), "JSON_PARSE_ERROR");
}

TEST(JsonBody, MoneyFieldAcceptsNumbersAndStringsWithTwoDecimals) {
    const auto body = parse_json_object(R"({"a":12.5,"b":7,"c":"3.10","d":null})");
    EXPECT_EQ(money_field(body, "a")->cents(), 1250);
    EXPECT_EQ(money_field(body, "b")->cents(), 700);
    EXPECT_EQ(money_field(body, "c")->cents(), 310);
    EXPECT_FALSE(money_field(body, "d").has_value());
    EXPECT_FALSE(money_field(body, "missing").has_value());
}

TEST(JsonBody, MoneyFieldRejectsMorePrecisionAndNamesTheField) {
    for (const char* bad : {R"({"amount":1.005})", R"({"amount":"1.234"})", R"({"amount":true})",
                            R"({"amount":1e300})", R"({"amount":[1]})"}) {
        const auto e = error_of([&] { money_field(parse_json_object(bad), "amount"); });
        EXPECT_EQ(e.kind(), bh::ErrorKind::BadRequest) << bad;
        ASSERT_EQ(e.field_errors().size(), 1u) << bad;
        EXPECT_EQ(e.field_errors()[0].field, "amount");
    }
}
