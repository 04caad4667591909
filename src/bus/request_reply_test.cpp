// Request/reply against librdkafka's in-process mock cluster.
#include "bus/request_reply.h"

#include <gtest/gtest.h>

#include <atomic>

#include "bus/consumer.h"
#include "bus/event.h"
#include "bus/mock_cluster.h"
#include "bus/test_support.h"
#include "core/error.h"

namespace bh::bus {
namespace {

using namespace std::chrono_literals;
using testing::eventually;
using testing::sleep_for;

constexpr const char* kTrace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

class RequestReplyTest : public ::testing::Test {
  protected:
    RequestReplyTest() : producer(producer_options()) {
        cluster.create_topic("payments.commands", 2);
        cluster.create_topic("silent.commands", 1);
        cluster.create_topic("replies.portal-1", 1);
    }

    ClientSettings client() const {
        ClientSettings settings;
        settings.brokers = cluster.bootstrap_servers();
        settings.client_id = "request-reply-test";
        return settings;
    }

    ProducerOptions producer_options() const {
        ProducerOptions options;
        options.client = client();
        options.message_timeout = 5s;
        options.close_timeout = 1s;
        return options;
    }

    RequestReplyOptions requester_options() const {
        RequestReplyOptions options;
        options.client = client();
        options.reply_topic = reply_topic_name("", "portal-1");
        options.create_reply_topic = false;  // the mock cannot create topics through the admin API
        options.delete_reply_topic = false;  // nor delete them
        return options;
    }

    // The payment service's side: answers "pong:<payload>" after `delay`, remembering what came.
    std::unique_ptr<Consumer> responder(std::chrono::milliseconds delay = 0ms) {
        ConsumerOptions options;
        options.client = client();
        options.group_id = "payments";
        options.topics = {"payments.commands"};
        return std::make_unique<Consumer>(
            io.io.get_executor(), options,
            [this, delay](const Message& request) -> boost::asio::awaitable<void> {
                {
                    std::lock_guard lock(mutex);
                    requests.push_back(request);
                }
                if (delay > 0ms) {
                    co_await sleep_for(delay);
                }
                co_await reply(producer, request, "pong:" + request.payload);
            },
            producer);
    }

    MockCluster cluster;
    testing::IoThread io;
    Producer producer;
    std::mutex mutex;
    std::vector<Message> requests;
};

TEST_F(RequestReplyTest, ReplyTopicNameIsPerInstance) {
    EXPECT_EQ(reply_topic_name("budgethub.", "portal-1"), "budgethub.replies.portal-1");
}

TEST_F(RequestReplyTest, RoundTripCarriesCorrelationAndTrace) {
    auto payments = responder();
    payments->start();
    RequestReply requests_out(producer, requester_options());
    requests_out.start();

    const Headers headers = {{std::string(header::kTraceparent), kTrace},
                             {std::string(header::kEventType), "payment.confirm"}};
    const Message answer =
        io.await(requests_out.request("payments.commands", "payment-7", "ping", 20s, headers));
    EXPECT_EQ(answer.payload, "pong:ping");
    EXPECT_EQ(answer.topic, "replies.portal-1");
    EXPECT_EQ(answer.key, "payment-7");

    std::lock_guard lock(mutex);
    ASSERT_EQ(requests.size(), 1u);
    const Message& request = requests[0];
    EXPECT_EQ(*request.header(header::kReplyTo), "replies.portal-1");
    EXPECT_EQ(*request.header(header::kEventType), "payment.confirm");
    EXPECT_EQ(*request.header(header::kTraceparent), kTrace);
    EXPECT_EQ(*request.header(header::kContentType), "application/json");
    ASSERT_NE(request.header(header::kCorrelationId), nullptr);
    EXPECT_EQ(*answer.header(header::kCorrelationId), *request.header(header::kCorrelationId));
    EXPECT_EQ(*answer.header(header::kTraceparent), kTrace);
    EXPECT_NE(*answer.header(header::kEventId), *request.header(header::kEventId));

    const auto stats = requests_out.stats();
    EXPECT_EQ(stats.completed, 1);
    EXPECT_EQ(stats.pending, 0);
    io.await(payments->stop());
}

TEST_F(RequestReplyTest, ConcurrentRequestsEachGetTheirOwnReply) {
    auto payments = responder();
    payments->start();
    RequestReply requests_out(producer, requester_options());
    requests_out.start();
    std::vector<std::future<Message>> answers;
    answers.reserve(20);
    for (int i = 0; i < 20; ++i) {
        answers.push_back(boost::asio::co_spawn(
            io.io, requests_out.request("payments.commands", std::to_string(i), std::to_string(i), 20s),
            boost::asio::use_future));
    }
    for (int i = 0; i < 20; ++i) {
        ASSERT_EQ(answers[i].wait_for(30s), std::future_status::ready);
        EXPECT_EQ(answers[i].get().payload, "pong:" + std::to_string(i));
    }
    EXPECT_EQ(requests_out.stats().completed, 20);
    io.await(payments->stop());
}

TEST_F(RequestReplyTest, NoReplyBeforeTheDeadlineIsATimeout) {
    RequestReply requests_out(producer, requester_options());
    requests_out.start();
    const auto started = std::chrono::steady_clock::now();
    try {
        io.await(requests_out.request("silent.commands", "k", "anyone?", 300ms));
        FAIL() << "got a reply from nobody";
    } catch (const AppError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Timeout);
    }
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
    const auto stats = requests_out.stats();
    EXPECT_EQ(stats.timed_out, 1);
    EXPECT_EQ(stats.pending, 0);  // the waiting entry is gone
}

TEST_F(RequestReplyTest, LateReplyIsDroppedAndCounted) {
    auto payments = responder(1500ms);
    payments->start();
    RequestReply requests_out(producer, requester_options());
    requests_out.start();
    // The group join of the responder takes a few seconds on the mock: wait until it answers.
    ASSERT_EQ(io.await(requests_out.request("payments.commands", "warm-up", "x", 20s)).payload, "pong:x");
    EXPECT_THROW(io.await(requests_out.request("payments.commands", "k", "slow", 200ms)), AppError);
    EXPECT_TRUE(eventually([&] { return requests_out.stats().late_replies == 1; }));
    EXPECT_EQ(requests_out.stats().pending, 0);
    io.await(payments->stop());
}

TEST_F(RequestReplyTest, StopFailsWaitingRequestsAndRefusesNewOnes) {
    RequestReply requests_out(producer, requester_options());
    requests_out.start();
    auto waiting = boost::asio::co_spawn(io.io, requests_out.request("silent.commands", "k", "x", 20s),
                                         boost::asio::use_future);
    ASSERT_TRUE(eventually([&] { return requests_out.stats().pending == 1; }));
    requests_out.stop();
    ASSERT_EQ(waiting.wait_for(5s), std::future_status::ready);
    try {
        waiting.get();
        FAIL() << "request survived stop";
    } catch (const AppError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Unavailable);
    }
    EXPECT_THROW(io.await(requests_out.request("silent.commands", "k", "x", 1s)), AppError);
}

TEST_F(RequestReplyTest, ReplyNeedsReplyToAndCorrelationId) {
    Message not_a_request;
    not_a_request.topic = "payments.commands";
    try {
        io.await(reply(producer, not_a_request, "x"));
        FAIL() << "replied to nothing";
    } catch (const AppError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadRequest);
    }
}

}  // namespace
}  // namespace bh::bus
