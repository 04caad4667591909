#include "core/uuid.h"

#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "core/clock.h"
#include "core/ids.h"

using bh::Uuid;

TEST(Uuid, ParsesAndFormatsCanonicalForm) {
    const auto id = Uuid::parse("0190A1B2-C3D4-7E5F-8a9b-0c1d2e3f4a5b");
    ASSERT_TRUE(id);
    EXPECT_EQ(id->to_string(), "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
    EXPECT_EQ(id->version(), 7);
}

TEST(Uuid, RejectsMalformed) {
    for (const char* bad : {"", "0190a1b2c3d47e5f8a9b0c1d2e3f4a5b", "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5",
                            "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5g", "0190a1b2+c3d4-7e5f-8a9b-0c1d2e3f4a5b"}) {
        EXPECT_FALSE(Uuid::parse(bad)) << bad;
    }
}

TEST(Uuid, V7CarriesTimeVersionAndVariant) {
    bh::ManualClock clock(std::chrono::system_clock::time_point(std::chrono::milliseconds(0x0190a1b2c3d4)));
    const auto id = Uuid::v7(clock);
    EXPECT_EQ(id.version(), 7);
    EXPECT_EQ(id.bytes()[8] >> 6, 0b10);
    EXPECT_EQ(id.to_string().substr(0, 13), "0190a1b2-c3d4");
}

TEST(Uuid, V7IsStrictlyIncreasingWithinOneMillisecond) {
    bh::ManualClock clock(
        std::chrono::system_clock::time_point(std::chrono::milliseconds(1'700'000'000'000)));
    Uuid previous = Uuid::v7(clock);
    std::set<Uuid> seen{previous};
    for (int i = 0; i < 10000; ++i) {
        const Uuid next = Uuid::v7(clock);
        ASSERT_LT(previous, next);
        seen.insert(next);
        previous = next;
    }
    EXPECT_EQ(seen.size(), 10001u);
}

TEST(TypedId, RoundTripsAndKeepsTypesApart) {
    const auto id = bh::UserId::generate();
    EXPECT_EQ(bh::UserId::parse(id.to_string()), id);
    static_assert(!std::is_convertible_v<bh::UserId, bh::MovementId>);
}
