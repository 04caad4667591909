#include "db/time_text.h"

#include <gtest/gtest.h>

namespace bh::db {
namespace {

using namespace std::chrono;

system_clock::time_point at(sys_days day, hours h, minutes m, seconds s, microseconds us = {}) {
    return time_point_cast<system_clock::duration>(day + h + m + s + us);
}

// Found by fuzz/kafka_payloads (fuzz/regressions/kafka_payloads/): a year outside 1677..2262
// overflowed the cast to system_clock's nanoseconds (undefined behaviour); it is refused.
TEST(TimeText, RefusesTimestampsNoTimePointHolds) {
    EXPECT_EQ(parse_timestamp("1013-03-01T12:00:00Z"), std::nullopt);
    EXPECT_EQ(parse_timestamp("9999-12-31 23:59:59+00"), std::nullopt);
    EXPECT_EQ(parse_timestamp("0000-01-01 00:00:00+00"), std::nullopt);
    EXPECT_NE(parse_timestamp("2262-04-11 00:00:00+00"), std::nullopt);
    EXPECT_NE(parse_timestamp("1678-01-01 00:00:00+00"), std::nullopt);
}

TEST(TimeText, ParsesPostgresTimestamptzOutput) {
    const sys_days day = year{2024} / 5 / 1;
    EXPECT_EQ(parse_timestamp("2024-05-01 12:30:00+00"), at(day, hours{12}, minutes{30}, seconds{0}));
    EXPECT_EQ(parse_timestamp("2024-05-01 12:30:00.5+00"),
              at(day, hours{12}, minutes{30}, seconds{0}, microseconds{500000}));
    EXPECT_EQ(parse_timestamp("2024-05-01 12:30:00.123456+00"),
              at(day, hours{12}, minutes{30}, seconds{0}, microseconds{123456}));
    EXPECT_EQ(parse_timestamp("2024-05-01 14:30:00+02"), at(day, hours{12}, minutes{30}, seconds{0}));
    EXPECT_EQ(parse_timestamp("2024-05-01 07:00:00-05:30"), at(day, hours{12}, minutes{30}, seconds{0}));
    EXPECT_EQ(parse_timestamp("2024-05-01T12:30:00Z"), at(day, hours{12}, minutes{30}, seconds{0}));
    EXPECT_EQ(parse_timestamp("2024-05-01 12:30:00"),
              at(day, hours{12}, minutes{30}, seconds{0}));  // timestamp
}

TEST(TimeText, RoundTripsFormat) {
    const auto now = floor<microseconds>(system_clock::now());
    EXPECT_EQ(parse_timestamp(format_timestamp(now)), now);
    const auto before_epoch =
        at(sys_days{year{1969} / 12 / 31}, hours{23}, minutes{59}, seconds{59}, microseconds{1});
    EXPECT_EQ(format_timestamp(before_epoch), "1969-12-31T23:59:59.000001Z");
    EXPECT_EQ(parse_timestamp(format_timestamp(before_epoch)), before_epoch);
}

TEST(TimeText, RejectsWhatIsNotATimestamp) {
    for (const char* bad :
         {"", "infinity", "-infinity", "2024-05-01", "2024-13-01 00:00:00", "2024-02-30 00:00:00",
          "2024-05-01 24:00:00", "2024-05-01 12:30:00.", "2024-05-01 12:30:00.1234567+00",
          "2024-05-01 12:30:00+0", "2024-05-01 12:30:00 BC", "2024-05-01 12:30:00+00 "}) {
        EXPECT_FALSE(parse_timestamp(bad).has_value()) << bad;
    }
}

TEST(TimeText, Dates) {
    EXPECT_EQ(parse_date("2024-02-29"), year{2024} / 2 / 29);
    EXPECT_FALSE(parse_date("2023-02-29").has_value());
    EXPECT_FALSE(parse_date("2024-02-29 00:00:00").has_value());
    EXPECT_EQ(format_date(year{5} / 1 / 2), "0005-01-02");
}

}  // namespace
}  // namespace bh::db
