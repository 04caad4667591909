// The bus against the real Kafka broker of the stack (KAFKA_BROKERS): topics, consumer groups,
// at-least-once delivery, dead letters, request/reply through real topics.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>

#include "bus/admin.h"
#include "bus/consumer.h"
#include "bus/event.h"
#include "bus/producer.h"
#include "bus/request_reply.h"
#include "bus/test_support.h"
#include "core/error.h"
#include "support/test_env.h"

namespace bh::bus {
namespace {

using namespace std::chrono_literals;
using testing::eventually;
using testing::sleep_for;

using testing::Seen;

class BusIntegration : public ::testing::Test {
  protected:
    BusIntegration() : brokers(bh::testing::require_env("KAFKA_BROKERS")), producer(producer_options()) {}

    ClientSettings client() const {
        ClientSettings settings;
        settings.brokers = brokers;
        settings.client_id = "bus-itest";
        return settings;
    }

    ProducerOptions producer_options() const {
        ProducerOptions options;
        options.client = client();
        options.message_timeout = 10s;
        return options;
    }

    ConsumerOptions consumer_options(std::string group, std::string topic) const {
        ConsumerOptions options;
        options.client = client();
        options.group_id = std::move(group);
        options.topics = {std::move(topic)};
        options.retry_backoff = 10ms;
        options.retry_backoff_max = 50ms;
        options.drain_timeout = 2s;
        return options;
    }

    std::string topic(int partitions) {
        auto name = bh::testing::unique_name("bus_itest");
        ensure_topics(brokers, {name, dead_letter_topic(name)}, partitions, 1);
        return name;
    }

    void publish(const std::string& topic_name, int count, const std::string& key = "key") {
        for (int i = 0; i < count; ++i) {
            Message message;
            message.topic = topic_name;
            message.key = key;
            message.payload = std::to_string(i);
            io.await(producer.send(message));
        }
    }

    std::int64_t committed(const std::string& group, const std::string& topic_name,
                           std::int32_t partition = 0) {
        for (const auto& lag : group_lag(client(), group, topic_name)) {
            if (lag.partition == partition) {
                return lag.committed_offset;
            }
        }
        return -2;
    }

    Consumer::Handler recorder(Seen& seen) {
        return [&seen](const Message& message) -> boost::asio::awaitable<void> {
            seen.add(message);
            co_return;
        };
    }

    std::string brokers;
    testing::IoThread io;
    Producer producer;
};

TEST_F(BusIntegration, EnsureTopicsCreatesOnceAndToleratesExistingTopics) {
    const auto name = bh::testing::unique_name("bus_itest_topics");
    ensure_topics(brokers, {name}, 3, 1);
    ensure_topics(brokers, {name}, 3, 1);  // already exists: fine
    const auto lag = group_lag(client(), bh::testing::unique_name("nobody"), name);
    ASSERT_EQ(lag.size(), 3u);
    for (const auto& partition : lag) {
        EXPECT_EQ(partition.committed_offset, -1);
        EXPECT_EQ(partition.high_watermark, 0);
    }
    // A replication factor the single broker cannot provide is a clear error.
    EXPECT_THROW(ensure_topics(brokers, {bh::testing::unique_name("bus_itest_rf")}, 1, 3), AppError);
}

TEST_F(BusIntegration, GroupMembersShareThePartitionsAndKeepPerKeyOrder) {
    const auto name = topic(3);
    const auto group = bh::testing::unique_name("group");
    Seen first_seen;
    Seen second_seen;
    Consumer first(io.io.get_executor(), consumer_options(group, name), recorder(first_seen), producer);
    Consumer second(io.io.get_executor(), consumer_options(group, name), recorder(second_seen), producer);
    first.start();
    second.start();
    ASSERT_TRUE(eventually(
        [&] {
            const auto a = first.stats().assigned_partitions;
            const auto b = second.stats().assigned_partitions;
            return a > 0 && b > 0 && a + b == 3;
        },
        60s));
    for (int key = 0; key < 6; ++key) {
        publish(name, 10, "key-" + std::to_string(key));
    }
    ASSERT_TRUE(eventually([&] { return first.stats().processed + second.stats().processed >= 60; }, 60s));

    std::set<std::pair<std::int32_t, std::int64_t>> distinct;
    for (const Seen* seen : {&first_seen, &second_seen}) {
        std::map<std::string, int> last_by_key;
        for (const auto& message : seen->messages()) {
            distinct.emplace(message.partition, message.offset);
            const int value = std::stoi(message.payload);
            auto [it, inserted] = last_by_key.emplace(message.key, value);
            if (!inserted) {
                EXPECT_GT(value, it->second) << message.key;  // per key: in order
                it->second = value;
            }
        }
    }
    EXPECT_EQ(distinct.size(), 60u);
    EXPECT_GT(first_seen.size(), 0u);
    EXPECT_GT(second_seen.size(), 0u);
    io.await(first.stop());
    io.await(second.stop());
}

TEST_F(BusIntegration, MessagesNotProcessedBeforeAStopGoToTheNextMember) {
    const auto name = topic(1);
    const auto group = bh::testing::unique_name("group");
    std::atomic<bool> release{false};
    Seen first_seen;
    ConsumerOptions options = consumer_options(group, name);
    options.drain_timeout = 300ms;
    auto first = std::make_unique<Consumer>(
        io.io.get_executor(), options,
        [&](const Message& message) -> boost::asio::awaitable<void> {
            first_seen.add(message);
            while (message.offset >= 3 && !release.load()) {  // stuck mid-stream
                co_await sleep_for(10ms);
            }
        },
        producer);
    first->start();
    publish(name, 8);
    ASSERT_TRUE(eventually([&] { return first_seen.size() == 4; }, 60s));
    io.await(first->stop());
    EXPECT_EQ(committed(group, name), 3);

    Seen second_seen;
    Consumer second(io.io.get_executor(), consumer_options(group, name), recorder(second_seen), producer);
    second.start();
    ASSERT_TRUE(eventually([&] { return second_seen.size() == 5; }, 60s));
    EXPECT_EQ(second_seen.messages().front().offset, 3);  // the unfinished one comes again
    EXPECT_EQ(second_seen.messages().back().offset, 7);
    io.await(second.stop());
    release = true;
    first.reset();
}

TEST_F(BusIntegration, GracefulStopCommitsWhatWasProcessed) {
    const auto name = topic(1);
    const auto group = bh::testing::unique_name("group");
    Seen seen;
    ConsumerOptions options = consumer_options(group, name);
    options.auto_commit_interval = 60s;  // only stop() commits within this test
    Consumer consumer(io.io.get_executor(), options, recorder(seen), producer);
    consumer.start();
    publish(name, 10);
    ASSERT_TRUE(eventually([&] { return consumer.stats().processed == 10; }, 60s));
    EXPECT_EQ(committed(group, name), -1);
    io.await(consumer.stop());
    EXPECT_EQ(committed(group, name), 10);
}

TEST_F(BusIntegration, PoisonMessageGoesToTheDeadLetterTopic) {
    const auto name = topic(1);
    const auto group = bh::testing::unique_name("group");
    Seen handled;
    ConsumerOptions options = consumer_options(group, name);
    options.max_attempts = 2;
    Consumer consumer(
        io.io.get_executor(), options,
        [&](const Message& message) -> boost::asio::awaitable<void> {
            if (message.payload == "0") {
                throw std::runtime_error("poison");
            }
            handled.add(message);
            co_return;
        },
        producer);
    consumer.start();
    publish(name, 2);
    ASSERT_TRUE(eventually([&] { return handled.size() == 1 && consumer.stats().dead_lettered == 1; }, 60s));
    io.await(consumer.stop());
    EXPECT_EQ(committed(group, name), 2);

    Seen letters;
    Consumer reader(io.io.get_executor(),
                    consumer_options(bh::testing::unique_name("dlq"), dead_letter_topic(name)),
                    recorder(letters), producer);
    reader.start();
    ASSERT_TRUE(eventually([&] { return letters.size() == 1; }, 60s));
    EXPECT_EQ(letters.messages()[0].payload, "0");
    EXPECT_EQ(*letters.messages()[0].header(header::kDeadLetterError), "poison");
    io.await(reader.stop());
}

TEST_F(BusIntegration, RequestReplyThroughRealTopics) {
    const auto commands = topic(2);
    Consumer payments(
        io.io.get_executor(), consumer_options(bh::testing::unique_name("payments"), commands),
        [this](const Message& request) -> boost::asio::awaitable<void> {
            co_await reply(producer, request, R"({"version":1,"status":"CONFIRMED"})");
        },
        producer);
    payments.start();

    RequestReplyOptions options;
    options.client = client();
    options.reply_topic = reply_topic_name("bus_itest.", bh::testing::unique_name("portal"));
    RequestReply portal(producer, options);
    portal.start();  // creates its reply topic

    const Headers headers = {{"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}};
    const Message answer =
        io.await(portal.request(commands, "payment-1", R"({"version":1,"command":"confirm"})", 30s, headers));
    EXPECT_EQ(answer.payload, R"({"version":1,"status":"CONFIRMED"})");
    EXPECT_EQ(*answer.header(header::kTraceparent),
              "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

    const auto nobody = topic(1);
    try {
        io.await(portal.request(nobody, "k", "{}", 500ms));
        FAIL() << "reply from nobody";
    } catch (const AppError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Timeout);
    }
    EXPECT_EQ(portal.stats().completed, 1);
    EXPECT_EQ(portal.stats().timed_out, 1);
    io.await(payments.stop());

    // Stopping deletes the reply topic: an instance named after its pod leaves nothing at a rollout.
    const auto listed = [&] {
        const auto names = topic_names(client());
        return std::find(names.begin(), names.end(), options.reply_topic) != names.end();
    };
    EXPECT_TRUE(listed());
    portal.stop();
    EXPECT_TRUE(eventually([&] { return !listed(); }, 30s)) << options.reply_topic << " still listed";
    EXPECT_NO_THROW(delete_topics(client(), {options.reply_topic}));  // already gone: nothing to do
}

TEST_F(BusIntegration, RequestReplyStartFailsWithoutItsReplyTopic) {
    RequestReplyOptions options;
    options.client = client();
    options.reply_topic = bh::testing::unique_name("bus_itest_missing_replies");
    options.create_reply_topic = false;
    options.start_timeout = 3s;
    RequestReply portal(producer, options);
    EXPECT_THROW(portal.start(), AppError);
}

}  // namespace
}  // namespace bh::bus
