// Pieces of the bus that need no broker: lag statistics, in-flight accounting, de-duplication.
#include <gtest/gtest.h>

#include <thread>

#include "bus/detail/in_flight.h"
#include "bus/detail/lag_statistics.h"
#include "bus/processed_events.h"
#include "bus/test_support.h"

namespace bh::bus {
namespace {

using namespace std::chrono_literals;

TEST(LagStatistics, ReadsAssignedPartitionsOnly) {
    const char* json = R"({"name":"c#consumer-1","topics":{
        "orders":{"topic":"orders","partitions":{
            "0":{"partition":0,"desired":true,"committed_offset":5,"stored_offset":8,"hi_offset":10,
                 "consumer_lag":5,"consumer_lag_stored":2},
            "1":{"partition":1,"desired":true,"committed_offset":-1001,"stored_offset":-1001,"hi_offset":3,
                 "consumer_lag":-1,"consumer_lag_stored":-1},
            "2":{"partition":2,"desired":false,"hi_offset":7},
            "-1":{"partition":-1,"desired":false}}}}})";
    const auto lag = detail::parse_partition_lag(json);
    ASSERT_EQ(lag.size(), 2u);
    EXPECT_EQ(lag[0].topic, "orders");
    EXPECT_EQ(lag[0].partition, 0);
    EXPECT_EQ(lag[0].committed_offset, 5);
    EXPECT_EQ(lag[0].stored_offset, 8);
    EXPECT_EQ(lag[0].high_watermark, 10);
    EXPECT_EQ(lag[0].lag, 2);  // from the stored offset: processed is what counts
    EXPECT_EQ(lag[1].committed_offset, -1);
    EXPECT_EQ(lag[1].lag, -1);
}

TEST(LagStatistics, MalformedInputGivesNothing) {
    EXPECT_TRUE(detail::parse_partition_lag("").empty());
    EXPECT_TRUE(detail::parse_partition_lag("[]").empty());
    EXPECT_TRUE(detail::parse_partition_lag(R"({"topics":{"t":{"partitions":[1]}}})").empty());
}

TEST(InFlight, WaitsForTheNamedPartitionsOnly) {
    detail::InFlight in_flight;
    const detail::TopicPartition a{"t", 0};
    const detail::TopicPartition b{"t", 1};
    in_flight.add(a);
    in_flight.add(b);
    in_flight.add(b);
    EXPECT_EQ(in_flight.total(), 3u);
    EXPECT_FALSE(in_flight.wait_idle({a}, std::chrono::steady_clock::now() + 10ms));
    std::thread finisher([&] {
        std::this_thread::sleep_for(20ms);
        in_flight.finish(a);
    });
    EXPECT_TRUE(in_flight.wait_idle({a}, std::chrono::steady_clock::now() + 5s));
    finisher.join();
    EXPECT_FALSE(in_flight.wait_idle({}, std::chrono::steady_clock::now()));
    in_flight.finish(b, 5);  // more than counted: clamped
    EXPECT_EQ(in_flight.total(), 0u);
    EXPECT_TRUE(in_flight.wait_idle({}, std::chrono::steady_clock::now()));
}

TEST(InMemoryProcessedEvents, AnswersTrueOncePerId) {
    testing::IoThread io;
    InMemoryProcessedEvents processed;
    EXPECT_TRUE(io.await(processed.first_time("e-1")));
    EXPECT_FALSE(io.await(processed.first_time("e-1")));
    EXPECT_TRUE(io.await(processed.first_time("e-2")));
}

}  // namespace
}  // namespace bh::bus
