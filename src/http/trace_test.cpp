#include "http/trace.h"

#include <gtest/gtest.h>

using namespace bh::http;

TEST(Trace, ContinuesAValidTraceparent) {
    const std::string incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const auto next = next_traceparent(incoming);
    EXPECT_TRUE(is_valid_traceparent(next));
    EXPECT_EQ(next.substr(0, 36), incoming.substr(0, 36));    // same trace id
    EXPECT_NE(next.substr(36, 16), incoming.substr(36, 16));  // new span id
    EXPECT_EQ(next.substr(52), "-01");
}

TEST(Trace, StartsANewTraceForMissingOrInvalidInput) {
    for (const char* bad : {"", "garbage", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"}) {
        const auto next = next_traceparent(bad);
        EXPECT_TRUE(is_valid_traceparent(next)) << bad;
        EXPECT_EQ(next.substr(53), "01");
    }
}

TEST(Trace, RequestIdKeepsSafeValuesOnly) {
    EXPECT_EQ(request_id_from("abc-123"), "abc-123");
    EXPECT_EQ(request_id_from("").size(), 36u);
    EXPECT_EQ(request_id_from("bad value\nwith newline").size(), 36u);
    EXPECT_EQ(request_id_from(std::string(200, 'a')).size(), 36u);
}
