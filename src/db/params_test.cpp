#include "db/params.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace bh::db {
namespace {

using namespace std::chrono;

TEST(Params, FormatsEveryTypeAsText) {
    const auto id = *Uuid::parse("0190a6c2-7d1e-7c3a-9b2f-0123456789ab");
    const Params params{
        std::string("text"),      std::string_view("view"), "literal", std::int64_t{-42}, 7, true, false, id,
        Money::from_cents(-1230), std::uint16_t{65535}};
    const auto& v = params.values();
    ASSERT_EQ(v.size(), 10u);
    EXPECT_EQ(*v[0], "text");
    EXPECT_EQ(*v[1], "view");
    EXPECT_EQ(*v[2], "literal");
    EXPECT_EQ(*v[3], "-42");
    EXPECT_EQ(*v[4], "7");
    EXPECT_EQ(*v[5], "true");
    EXPECT_EQ(*v[6], "false");
    EXPECT_EQ(*v[7], "0190a6c2-7d1e-7c3a-9b2f-0123456789ab");
    EXPECT_EQ(*v[8], "-12.30");
    EXPECT_EQ(*v[9], "65535");
}

TEST(Params, NullsFromOptionalsAndNullopt) {
    std::optional<std::string> missing;
    std::optional<std::int64_t> present = 5;
    Params params;
    params.add(missing).add(present).add(std::nullopt).add(std::optional<Money>{}).add_null();
    const auto& v = params.values();
    ASSERT_EQ(v.size(), 5u);
    EXPECT_FALSE(v[0].has_value());
    EXPECT_EQ(*v[1], "5");
    EXPECT_FALSE(v[2].has_value());
    EXPECT_FALSE(v[3].has_value());
    EXPECT_FALSE(v[4].has_value());
}

TEST(Params, TypedIdsAsUuids) {
    const auto id = UserId::parse("0190a6c2-7d1e-7c3a-9b2f-0123456789ab");
    Params params;
    params.add(*id).add(std::optional<UserId>{});
    EXPECT_EQ(*params.values()[0], "0190a6c2-7d1e-7c3a-9b2f-0123456789ab");
    EXPECT_FALSE(params.values()[1].has_value());
}

TEST(Params, TimePointsAsIsoUtcWithMicroseconds) {
    const sys_days day = year{2024} / 2 / 29;
    Params params;
    params.add(day + hours{13} + minutes{5} + seconds{9} + nanoseconds{123456789});
    params.add(time_point_cast<seconds>(sys_days{year{1970} / 1 / 1}));
    params.add(day);
    params.add(year{2024} / 12 / 31);
    EXPECT_EQ(*params.values()[0], "2024-02-29T13:05:09.123456Z");  // nanoseconds truncated
    EXPECT_EQ(*params.values()[1], "1970-01-01T00:00:00.000000Z");
    EXPECT_EQ(*params.values()[2], "2024-02-29");  // sys_days is a date
    EXPECT_EQ(*params.values()[3], "2024-12-31");
}

TEST(Params, RejectsNulInText) {
    Params params;
    try {
        params.add(std::string_view("a\0b", 3));
        FAIL() << "expected AppError";
    } catch (const AppError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadRequest);
    }
}

TEST(Params, RejectsInvalidDate) {
    Params params;
    EXPECT_THROW(params.add(year{2023} / 2 / 29), AppError);
}

}  // namespace
}  // namespace bh::db
