// Producer against librdkafka's in-process mock cluster.
#include "bus/producer.h"

#include <gtest/gtest.h>

#include <boost/asio/experimental/awaitable_operators.hpp>

#include "bus/mock_cluster.h"
#include "bus/test_support.h"
#include "core/error.h"

namespace bh::bus {
namespace {

using namespace std::chrono_literals;

ProducerOptions options_for(const std::string& brokers) {
    ProducerOptions options;
    options.client.brokers = brokers;
    options.client.client_id = "producer-test";
    options.message_timeout = 5s;
    options.close_timeout = 1s;
    return options;
}

Message record(std::string topic, std::string key, std::string payload) {
    Message message;
    message.topic = std::move(topic);
    message.key = std::move(key);
    message.payload = std::move(payload);
    return message;
}

class ProducerTest : public ::testing::Test {
  protected:
    ProducerTest() { cluster.create_topic("orders", 2); }

    MockCluster cluster;
    testing::IoThread io;
};

TEST_F(ProducerTest, SendCompletesWithTheAcknowledgedOffset) {
    Producer producer(options_for(cluster.bootstrap_servers()));
    const Delivery first = io.await(producer.send(record("orders", "k", "one")));
    const Delivery second = io.await(producer.send(record("orders", "k", "two")));
    EXPECT_GE(first.partition, 0);
    EXPECT_EQ(second.partition, first.partition);  // same key, same partition
    EXPECT_EQ(first.offset, 0);
    EXPECT_EQ(second.offset, 1);
    const auto stats = producer.stats();
    EXPECT_EQ(stats.delivered, 2);
    EXPECT_EQ(stats.failed, 0);
    EXPECT_EQ(stats.in_flight, 0);
}

TEST_F(ProducerTest, ExplicitPartitionIsHonoured) {
    Producer producer(options_for(cluster.bootstrap_servers()));
    Message message = record("orders", "", "payload");
    message.partition = 1;
    EXPECT_EQ(io.await(producer.send(message)).partition, 1);
}

TEST_F(ProducerTest, ConcurrentSendsAllComplete) {
    Producer producer(options_for(cluster.bootstrap_servers()));
    auto many = [&]() -> boost::asio::awaitable<int> {
        std::vector<std::future<Delivery>> sends;
        sends.reserve(50);
        for (int i = 0; i < 50; ++i) {
            sends.push_back(boost::asio::co_spawn(
                io.io, producer.send(record("orders", std::to_string(i % 5), "x")), boost::asio::use_future));
        }
        co_return static_cast<int>(sends.size());
    };
    EXPECT_EQ(io.await(many()), 50);
    EXPECT_TRUE(testing::eventually([&] { return producer.stats().delivered == 50; }));
}

TEST_F(ProducerTest, UnreachableBrokerFailsWithUnavailableAfterTheTimeout) {
    ProducerOptions options = options_for("127.0.0.1:1");  // nothing listens on port 1
    options.message_timeout = 300ms;
    Producer producer(options);
    try {
        io.await(producer.send(record("orders", "k", "lost")));
        FAIL() << "send succeeded without a broker";
    } catch (const AppError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Unavailable);
        EXPECT_NE(e.detail().find("orders"), std::string::npos) << e.detail();
        EXPECT_EQ(e.public_message().find("orders"), std::string::npos);  // no internals in public text
    }
    EXPECT_EQ(producer.stats().failed, 1);
    EXPECT_EQ(producer.stats().in_flight, 0);
}

TEST_F(ProducerTest, BatchReportsEveryRecordInOrder) {
    Producer producer(options_for(cluster.bootstrap_servers()));
    std::vector<Message> batch;
    batch.reserve(4);
    for (int i = 0; i < 3; ++i) {
        batch.push_back(record("orders", "same", std::to_string(i)));
    }
    Message bad = record("orders", "k", "x");
    bad.partition = 99;  // no such partition: refused at once
    batch.push_back(bad);
    const auto reports = io.await(producer.send_batch(batch));
    ASSERT_EQ(reports.size(), 4u);
    for (int i = 0; i < 3; ++i) {
        ASSERT_TRUE(reports[i].ok()) << reports[i].error;
        EXPECT_EQ(reports[i].delivery->offset, reports[0].delivery->offset + i);
    }
    EXPECT_FALSE(reports[3].ok());
    EXPECT_FALSE(reports[3].error.empty());
    EXPECT_TRUE(io.await(producer.send_batch({})).empty());
}

TEST_F(ProducerTest, HeadersKeyAndTimestampReachTheBroker) {
    // Checked end to end in consumer_test; here: a record with all fields is accepted.
    Producer producer(options_for(cluster.bootstrap_servers()));
    Message message = record("orders", "key", "");
    message.headers = {{"a", "1"}, {"a", "2"}, {"empty", ""}};
    message.timestamp_ms = 1'700'000'000'000;
    EXPECT_GE(io.await(producer.send(message)).offset, 0);
}

TEST_F(ProducerTest, AWaitingSendCanBeCancelled) {
    // The losing side of `||` is cancelled; send must give up its wait rather than hold `||`
    // until message_timeout. The record itself stays with librdkafka.
    Producer producer(options_for(cluster.bootstrap_servers()));
    io.await(producer.send(record("orders", "k", "first")));  // topic known, connection up
    cluster.set_broker_up(1, false);
    using namespace boost::asio::experimental::awaitable_operators;
    auto race = [&]() -> boost::asio::awaitable<bool> {
        auto result = co_await (producer.send(record("orders", "k", "slow")) || testing::sleep_for(50ms));
        co_return result.index() == 1;
    };
    const auto started = std::chrono::steady_clock::now();
    EXPECT_TRUE(io.await(race(), 5s));
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
    EXPECT_EQ(producer.stats().in_flight, 1);
    cluster.set_broker_up(1, true);
    EXPECT_EQ(producer.flush(5s), 0);  // delivered once the broker is back
    EXPECT_EQ(producer.stats().delivered, 2);
}

TEST_F(ProducerTest, FirstRecordToANewTopicIsNotHeldBack) {
    // librdkafka 2.0 alone holds a record for an unseen topic until its 1 s topic scan.
    Producer producer(options_for(cluster.bootstrap_servers()));
    io.await(producer.send(record("orders", "k", "warm")));
    cluster.create_topic("fresh", 1);
    const auto started = std::chrono::steady_clock::now();
    io.await(producer.send(record("fresh", "k", "x")));
    EXPECT_LT(std::chrono::steady_clock::now() - started, 500ms);
}

}  // namespace
}  // namespace bh::bus
