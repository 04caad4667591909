// Consumer against librdkafka's in-process mock cluster: offsets stored only after success,
// retries, dead letters, ordering, back-pressure, lag, graceful stop.
#include "bus/consumer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>

#include "bus/admin.h"
#include "bus/event.h"
#include "bus/mock_cluster.h"
#include "bus/producer.h"
#include "bus/test_support.h"
#include "core/error.h"

namespace bh::bus {
namespace {

using namespace std::chrono_literals;
using testing::eventually;
using testing::sleep_for;

constexpr const char* kTrace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

// Everything a handler saw, for the test thread to inspect.
using testing::Seen;

class ConsumerTest : public ::testing::Test {
  protected:
    ConsumerTest() : producer(producer_options()) {
        cluster.create_topic("orders", 1);
        cluster.create_topic("orders.dlq", 1);
        cluster.create_topic("pairs", 2);
    }

    ProducerOptions producer_options() const {
        ProducerOptions options;
        options.client.brokers = cluster.bootstrap_servers();
        options.client.client_id = "consumer-test-producer";
        options.message_timeout = 5s;
        options.close_timeout = 1s;
        return options;
    }

    ConsumerOptions consumer_options(std::string group, std::string topic) const {
        ConsumerOptions options;
        options.client.brokers = cluster.bootstrap_servers();
        options.client.client_id = "consumer-test";
        options.group_id = std::move(group);
        options.topics = {std::move(topic)};
        options.retry_backoff = 10ms;
        options.retry_backoff_max = 50ms;
        options.drain_timeout = 2s;
        options.stats_interval = 100ms;
        // The mock coordinator lets a new member in only once the session of one that left has
        // expired: keep it short (6 s is also the smallest a real broker accepts).
        options.client.properties = {{"session.timeout.ms", "6000"}};
        return options;
    }

    void publish(const std::string& topic, int count, std::int32_t partition = kAnyPartition) {
        for (int i = 0; i < count; ++i) {
            Message message;
            message.topic = topic;
            message.key = "key";
            message.payload = std::to_string(i);
            message.partition = partition;
            io.await(producer.send(message));
        }
    }

    std::int64_t committed(const std::string& group, const std::string& topic, std::int32_t partition = 0) {
        ClientSettings client;
        client.brokers = cluster.bootstrap_servers();
        for (const auto& lag : group_lag(client, group, topic)) {
            if (lag.partition == partition) {
                return lag.committed_offset;
            }
        }
        return -2;
    }

    MockCluster cluster;
    testing::IoThread io;
    Producer producer;
};

TEST_F(ConsumerTest, SuccessfulHandlerStoresTheOffsetAndStopCommitsIt) {
    Seen seen;
    Consumer consumer(
        io.io.get_executor(), consumer_options("g-ok", "orders"),
        [&](const Message& message) -> boost::asio::awaitable<void> {
            seen.add(message);
            co_return;
        },
        producer);
    consumer.start();
    publish("orders", 5);
    ASSERT_TRUE(eventually([&] { return seen.size() == 5; }));
    EXPECT_TRUE(eventually([&] { return consumer.stats().processed == 5; }));
    io.await(consumer.stop());
    EXPECT_EQ(committed("g-ok", "orders"), 5);
    const auto messages = seen.messages();
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(messages[i].payload, std::to_string(i));
        EXPECT_EQ(messages[i].offset, i);
        EXPECT_EQ(messages[i].topic, "orders");
        EXPECT_EQ(messages[i].key, "key");
        EXPECT_GT(messages[i].timestamp_ms, 0);
    }
    const auto stats = consumer.stats();
    EXPECT_EQ(stats.received, 5);
    EXPECT_EQ(stats.in_flight, 0);
    EXPECT_EQ(stats.retries, 0);
}

TEST_F(ConsumerTest, EventHeadersAndTraceparentArriveIntact) {
    Event event;
    event.type = "movement.created";
    event.data = {{"movementId", "m-1"}};
    event.traceparent = kTrace;
    Message sent = to_message(event, "orders", "budget-1");
    sent.headers.emplace_back("x-extra", "");
    io.await(producer.send(sent));

    Seen seen;
    Consumer consumer(
        io.io.get_executor(), consumer_options("g-headers", "orders"),
        [&](const Message& message) -> boost::asio::awaitable<void> {
            seen.add(message);
            co_return;
        },
        producer);
    consumer.start();
    ASSERT_TRUE(eventually([&] { return seen.size() == 1; }));
    const Message received = seen.messages()[0];
    EXPECT_EQ(received.headers, sent.headers);
    const Event back = parse_event(received);
    EXPECT_EQ(back.id, *sent.header(header::kEventId));
    EXPECT_EQ(back.traceparent, kTrace);
    EXPECT_EQ(back.data, event.data);
    io.await(consumer.stop());
}

TEST_F(ConsumerTest, FailingHandlerIsRetriedThenDeadLetteredAndThePartitionMovesOn) {
    std::atomic<int> poison_attempts{0};
    Seen handled;
    ConsumerOptions options = consumer_options("g-poison", "orders");
    options.max_attempts = 3;
    Consumer consumer(
        io.io.get_executor(), options,
        [&](const Message& message) -> boost::asio::awaitable<void> {
            if (message.payload == "1") {
                ++poison_attempts;
                throw std::runtime_error("cannot digest 1");
            }
            handled.add(message);
            co_return;
        },
        producer);
    consumer.start();
    publish("orders", 3);  // "0", "1" (poison), "2"
    ASSERT_TRUE(eventually([&] { return handled.size() == 2; }));
    EXPECT_EQ(poison_attempts.load(), 3);
    EXPECT_EQ(handled.messages()[1].payload, "2");  // after the poison one, in order
    EXPECT_TRUE(eventually([&] { return consumer.stats().dead_lettered == 1; }));
    EXPECT_EQ(consumer.stats().retries, 2);
    io.await(consumer.stop());
    EXPECT_EQ(committed("g-poison", "orders"), 3);  // the poison message no longer blocks

    Seen letters;
    Consumer reader(
        io.io.get_executor(), consumer_options("g-dlq-reader", "orders.dlq"),
        [&](const Message& message) -> boost::asio::awaitable<void> {
            letters.add(message);
            co_return;
        },
        producer);
    reader.start();
    ASSERT_TRUE(eventually([&] { return letters.size() == 1; }));
    const Message letter = letters.messages()[0];
    EXPECT_EQ(letter.payload, "1");
    EXPECT_EQ(letter.key, "key");
    ASSERT_NE(letter.header(header::kDeadLetterError), nullptr);
    EXPECT_EQ(*letter.header(header::kDeadLetterError), "cannot digest 1");
    EXPECT_EQ(*letter.header(header::kDeadLetterAttempts), "3");
    EXPECT_EQ(*letter.header(header::kDeadLetterTopic), "orders");
    EXPECT_EQ(*letter.header(header::kDeadLetterPartition), "0");
    EXPECT_EQ(*letter.header(header::kDeadLetterOffset), "1");
    EXPECT_EQ(*letter.header(header::kDeadLetterGroup), "g-poison");
    io.await(reader.stop());
}

TEST_F(ConsumerTest, MalformedInputIsDeadLetteredWithoutRetry) {
    std::atomic<int> attempts{0};
    Consumer consumer(
        io.io.get_executor(), consumer_options("g-bad", "orders"),
        [&](const Message& message) -> boost::asio::awaitable<void> {
            ++attempts;
            parse_event(message);  // not an event: BadRequest
            co_return;
        },
        producer);
    consumer.start();
    publish("orders", 1);
    ASSERT_TRUE(eventually([&] { return consumer.stats().dead_lettered == 1; }));
    EXPECT_EQ(attempts.load(), 1);
    EXPECT_EQ(consumer.stats().retries, 0);
    io.await(consumer.stop());
}

TEST_F(ConsumerTest, UnfinishedMessageIsDeliveredAgainToTheNextMember) {
    std::atomic<bool> release{false};
    Seen first_member;
    ConsumerOptions options = consumer_options("g-crash", "orders");
    options.drain_timeout = 200ms;
    auto first = std::make_unique<Consumer>(
        io.io.get_executor(), options,
        [&](const Message& message) -> boost::asio::awaitable<void> {
            first_member.add(message);
            while (message.offset >= 2 && !release.load()) {  // "crashes" here
                co_await sleep_for(10ms);
            }
        },
        producer);
    first->start();
    publish("orders", 5);
    ASSERT_TRUE(eventually([&] { return first_member.size() == 3; }));  // 0, 1 done; 2 stuck
    io.await(first->stop());
    EXPECT_EQ(committed("g-crash", "orders"), 2);

    Seen second_member;
    Consumer second(
        io.io.get_executor(), consumer_options("g-crash", "orders"),
        [&](const Message& message) -> boost::asio::awaitable<void> {
            second_member.add(message);
            co_return;
        },
        producer);
    second.start();
    ASSERT_TRUE(eventually([&] { return second_member.size() == 3; }));
    const auto messages = second_member.messages();
    EXPECT_EQ(messages.front().offset, 2);
    EXPECT_EQ(messages.back().offset, 4);
    io.await(second.stop());
    EXPECT_EQ(committed("g-crash", "orders"), 5);
    release = true;
    first.reset();
}

TEST_F(ConsumerTest, PartitionsAreProcessedInOrderOneMessageAtATime) {
    std::mutex mutex;
    std::map<std::int32_t, std::vector<std::int64_t>> order;
    std::map<std::int32_t, int> running;
    int max_running_per_partition = 0;
    Consumer consumer(
        io.io.get_executor(), consumer_options("g-order", "pairs"),
        [&](const Message& message) -> boost::asio::awaitable<void> {
            {
                std::lock_guard lock(mutex);
                max_running_per_partition = std::max(max_running_per_partition, ++running[message.partition]);
            }
            co_await sleep_for(std::chrono::milliseconds(message.offset % 3));
            std::lock_guard lock(mutex);
            --running[message.partition];
            order[message.partition].push_back(message.offset);
        },
        producer);
    consumer.start();
    for (int i = 0; i < 40; ++i) {
        publish("pairs", 1, i % 2);
    }
    ASSERT_TRUE(eventually([&] { return consumer.stats().processed == 40; }));
    io.await(consumer.stop());
    std::lock_guard lock(mutex);
    EXPECT_EQ(max_running_per_partition, 1);
    for (const auto& [partition, offsets] : order) {
        ASSERT_EQ(offsets.size(), 20u) << "partition " << partition;
        for (std::size_t i = 0; i < offsets.size(); ++i) {
            EXPECT_EQ(offsets[i], static_cast<std::int64_t>(i));
        }
    }
}

TEST_F(ConsumerTest, FetchingPausesWhileTooManyMessagesAreUnfinished) {
    std::atomic<bool> release{false};
    ConsumerOptions options = consumer_options("g-pressure", "orders");
    options.max_in_flight = 4;
    Consumer consumer(
        io.io.get_executor(), options,
        [&](const Message&) -> boost::asio::awaitable<void> {
            while (!release.load()) {
                co_await sleep_for(10ms);
            }
        },
        producer);
    consumer.start();
    publish("orders", 30);
    ASSERT_TRUE(eventually([&] { return consumer.stats().paused; }));
    std::this_thread::sleep_for(300ms);
    // Pausing is not instantaneous (a fetched batch may already be on its way), but it holds.
    EXPECT_LT(consumer.stats().received, 30);
    release = true;
    EXPECT_TRUE(eventually([&] { return consumer.stats().processed == 30; }));
    EXPECT_TRUE(eventually([&] { return !consumer.stats().paused; }));
    io.await(consumer.stop());
}

TEST_F(ConsumerTest, LagIsReportedFromStatistics) {
    std::atomic<bool> release{false};
    Consumer consumer(
        io.io.get_executor(), consumer_options("g-lag", "orders"),
        [&](const Message& message) -> boost::asio::awaitable<void> {
            while (message.offset >= 2 && !release.load()) {
                co_await sleep_for(10ms);
            }
        },
        producer);
    consumer.start();
    publish("orders", 5);
    auto lag_is = [&](std::int64_t expected) {
        const auto lag = consumer.lag();
        return lag.size() == 1 && lag[0].topic == "orders" && lag[0].high_watermark == 5 &&
               lag[0].lag == expected;
    };
    EXPECT_TRUE(eventually([&] { return lag_is(3); })) << "stored offset 2 of 5";
    release = true;
    EXPECT_TRUE(eventually([&] { return lag_is(0); }));
    io.await(consumer.stop());
}

TEST_F(ConsumerTest, StopWithoutStartAndDestructionWithoutStopAreSafe) {
    auto handler = [](const Message&) -> boost::asio::awaitable<void> { co_return; };
    {
        Consumer never_started(io.io.get_executor(), consumer_options("g-idle", "orders"), handler, producer);
        io.await(never_started.stop());
    }
    Seen seen;
    {
        Consumer running(
            io.io.get_executor(), consumer_options("g-dtor", "orders"),
            [&](const Message& message) -> boost::asio::awaitable<void> {
                seen.add(message);
                co_return;
            },
            producer);
        running.start();
        publish("orders", 2);
        ASSERT_TRUE(eventually([&] { return running.stats().processed == 2; }));
    }  // destructor: stops, commits what is stored
    EXPECT_EQ(committed("g-dtor", "orders"), 2);
}

TEST_F(ConsumerTest, MissingGroupOrTopicsIsAConfigurationError) {
    auto handler = [](const Message&) -> boost::asio::awaitable<void> { co_return; };
    EXPECT_THROW(Consumer(io.io.get_executor(), consumer_options("", "orders"), handler, producer), AppError);
    ConsumerOptions no_topics = consumer_options("g", "orders");
    no_topics.topics.clear();
    EXPECT_THROW(Consumer(io.io.get_executor(), no_topics, handler, producer), AppError);
    ConsumerOptions bad_property = consumer_options("g", "orders");
    bad_property.client.properties = {{"no.such.property", "1"}};
    EXPECT_THROW(Consumer(io.io.get_executor(), bad_property, handler, producer), AppError);
}

}  // namespace
}  // namespace bh::bus
