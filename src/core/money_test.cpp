#include "core/money.h"

#include <gtest/gtest.h>

#include <stdexcept>

using bh::Money;

TEST(Money, ParsesExactDecimals) {
    EXPECT_EQ(Money::parse("12.34")->cents(), 1234);
    EXPECT_EQ(Money::parse("12.3")->cents(), 1230);
    EXPECT_EQ(Money::parse("12")->cents(), 1200);
    EXPECT_EQ(Money::parse("-0.07")->cents(), -7);
    EXPECT_EQ(Money::parse("+5")->cents(), 500);
    EXPECT_EQ(Money::parse("0007.10")->cents(), 710);
}

TEST(Money, RejectsMalformedOrTooPrecise) {
    for (const char* bad :
         {"", "-", ".5", "12.", "1.234", "1e3", " 1", "1 ", "abc", "1.2.3", "--1", "0x10"}) {
        EXPECT_FALSE(Money::parse(bad).has_value()) << bad;
    }
    EXPECT_FALSE(Money::parse("10000000000000.00").has_value());
    EXPECT_TRUE(Money::parse("9999999999999.99").has_value());
}

TEST(Money, FormatsWithTwoDecimals) {
    EXPECT_EQ(Money::from_cents(1234).to_string(), "12.34");
    EXPECT_EQ(Money::from_cents(-5).to_string(), "-0.05");
    EXPECT_EQ(Money::from_cents(0).to_string(), "0.00");
    EXPECT_EQ(Money::from_cents(100).to_string(), "1.00");
}

TEST(Money, RoundTripsThroughText) {
    for (std::int64_t c : {0L, 1L, -1L, 99L, 100L, 123456789L, -987654321L, Money::kMaxCents}) {
        EXPECT_EQ(Money::parse(Money::from_cents(c).to_string())->cents(), c);
    }
}

TEST(Money, FromDoubleKeepsWhatTheClientTyped) {
    EXPECT_EQ(Money::from_double(0.1)->cents(), 10);
    EXPECT_EQ(Money::from_double(19.99)->cents(), 1999);
    EXPECT_EQ(Money::from_double(1e3)->cents(), 100000);
    EXPECT_FALSE(Money::from_double(0.1 + 0.2).has_value());  // 0.30000000000000004
    EXPECT_FALSE(Money::from_double(1.005).has_value());
    EXPECT_FALSE(Money::from_double(1e300).has_value());
}

TEST(Money, ApplyRateRoundsHalfAwayFromZero) {
    EXPECT_EQ(Money::from_cents(1000).apply_rate(2300).cents(), 230);  // 10.00 * 23%
    EXPECT_EQ(Money::from_cents(5).apply_rate(1000).cents(), 1);       // 0.005 -> 0.01
    EXPECT_EQ(Money::from_cents(4).apply_rate(1000).cents(), 0);       // 0.004 -> 0.00
    EXPECT_EQ(Money::from_cents(-5).apply_rate(1000).cents(), -1);
    EXPECT_EQ(Money::from_cents(1999).apply_rate(2300).cents(), 460);  // 4.5977 -> 4.60
}

TEST(Money, ArithmeticDetectsOverflow) {
    EXPECT_EQ((Money::from_cents(150) + Money::from_cents(-50)).cents(), 100);
    EXPECT_THROW(Money::from_cents(INT64_MAX) + Money::from_cents(1), std::overflow_error);
    EXPECT_THROW(Money::from_cents(INT64_MIN) - Money::from_cents(1), std::overflow_error);
    EXPECT_LT(Money::from_cents(1), Money::from_cents(2));
}
