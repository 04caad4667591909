// json_text: money as plain two-decimal numbers, everything else as boost::json::serialize has it.
#include "core/json_text.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <limits>

namespace bh {
namespace {

namespace json = boost::json;

std::string money_text(std::int64_t cents) {
    return json_text(money_json(Money::from_cents(cents)));
}

TEST(JsonText, MoneyIsAPlainNumberWithTwoDecimals) {
    EXPECT_EQ(money_text(100050), "1000.50");
    EXPECT_EQ(money_text(0), "0.00");
    EXPECT_EQ(money_text(-1230), "-12.30");
    EXPECT_EQ(money_text(7), "0.07");
    EXPECT_EQ(money_text(-1), "-0.01");
    EXPECT_EQ(money_text(120000), "1200.00");
    EXPECT_EQ(money_text(Money::kMaxCents), "9999999999999.99");
    EXPECT_EQ(money_text(-Money::kMaxCents), "-9999999999999.99");
    EXPECT_EQ(money_text(1'000'000'000'000), "10000000000.00");  // Boost writes 1E10
}

TEST(JsonText, EveryCentRoundTripsThroughTheText) {
    // Spot-check a spread of magnitudes: the text parses back to the same cents.
    for (std::int64_t cents = 1; cents < Money::kMaxCents / 3; cents = cents * 7 + 3) {
        for (const std::int64_t value : {cents, -cents}) {
            const auto text = money_text(value);
            EXPECT_EQ(Money::parse(text)->cents(), value) << text;
            EXPECT_EQ(text.size() - text.find('.'), 3u) << text;
        }
    }
}

TEST(JsonText, OtherDoublesKeepEveryDigitWithoutExponent) {
    EXPECT_EQ(json_text(0.125), "0.125");
    EXPECT_EQ(json_text(1e21), "1000000000000000000000.00");
    EXPECT_EQ(json_text(1.5e-7), "0.00000015");
    EXPECT_EQ(json_text(std::numeric_limits<double>::infinity()), "null");
    EXPECT_EQ(json_text(std::numeric_limits<double>::quiet_NaN()), "null");
}

TEST(JsonText, WritesTreesLikeBoostApartFromDoubles) {
    const json::value tree = json::parse(
        R"({"a":[1,-2,18446744073709551615,true,false,null,"x\"\\\n\t\u0001é/"],"b":{},"c":[],"d":{"e":"f"}})");
    EXPECT_EQ(json_text(tree), json::serialize(tree));
    json::object amounts{{"availableFunds", money_json(Money::from_cents(100050))},
                         {"spent", money_json(Money{})},
                         {"count", 3}};
    EXPECT_EQ(json_text(amounts), R"({"availableFunds":1000.50,"spent":0.00,"count":3})");
    // The text parses back to the same tree.
    EXPECT_EQ(json::parse(json_text(amounts)), json::value(amounts));
}

}  // namespace
}  // namespace bh
