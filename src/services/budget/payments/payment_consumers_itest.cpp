// The payment contract end to end through the real Kafka (KAFKA_BROKERS) and PostgreSQL (PG_URL) of
// the stack: a budget.reserve command sent with bus::RequestReply as the payment service sends it,
// answered by the budget's consumer (payment_consumers.h), and payment.updated events published as
// the payment service's outbox publishes them.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "bus/admin.h"
#include "bus/consumer.h"
#include "bus/event.h"
#include "bus/producer.h"
#include "bus/request_reply.h"
#include "bus/test_support.h"
#include "services/budget/payments/payment_consumers.h"
#include "services/budget/payments/payment_itest_support.h"

namespace bh::budget {
namespace {

using namespace testing;
using namespace std::chrono_literals;
namespace json = boost::json;
using bus::testing::eventually;

class PaymentConsumersItest : public PaymentFixture {
  protected:
    PaymentConsumersItest() : brokers(bh::testing::require_env("KAFKA_BROKERS")) {}

    bus::ClientSettings client() const {
        bus::ClientSettings settings;
        settings.brokers = brokers;
        settings.client_id = "budget-payment-itest";
        return settings;
    }
    bus::ConsumerOptions consumer_options(const std::string& group, const std::string& topic) const {
        bus::ConsumerOptions options;
        options.client = client();
        options.group_id = group;
        options.topics = {topic};
        options.retry_backoff = 10ms;
        options.retry_backoff_max = 50ms;
        options.drain_timeout = 2s;
        return options;
    }
    bus::ProducerOptions producer_options() const {
        bus::ProducerOptions options;
        options.client = client();
        options.message_timeout = 10s;
        return options;
    }

    std::string brokers;
};

std::string reserve_payload(const Uuid& payment_id, const std::string& lines) {
    return R"({"version":1,"paymentId":")" + payment_id.to_string() +
           R"(","description":"Office chairs","userId":")" + Uuid::v7().to_string() +
           R"(","dateOfEmission":"2026-12-05","lines":[)" + lines + "]}";
}

std::string line_json(const Uuid& supplier, const Uuid& subtype, const char* value, const char* rate) {
    return R"({"budgetTypeId":null,"budgetSubtypeId":")" + subtype.to_string() + R"(","supplierId":")" +
           supplier.to_string() + R"(","valueWithoutIva":)" + value + R"(,"ivaRate":)" + rate + "}";
}

bus::Message payment_updated(const std::string& topic, const Uuid& payment_id, int sequence,
                             const char* status, const char* receipt_url) {
    bus::Event event;
    event.type = "payment.updated";
    event.data = {{"paymentId", payment_id.to_string()},
                  {"sequence", sequence},
                  {"status", status},
                  {"amount", money_json(*Money::parse("147.60"))},
                  {"refundedAmount", money_json(Money{})},
                  {"currency", "eur"},
                  {"stripePaymentIntentId", "pi_123"},
                  {"receiptUrl", receipt_url == nullptr ? json::value(nullptr) : json::value(receipt_url)},
                  {"occurredAt", "2026-12-05T10:00:00Z"}};
    return bus::to_message(event, topic, payment_id.to_string());
}

TEST_F(PaymentConsumersItest, ReservationsAndPaymentStatesThroughKafka) {
    const auto type = make_type("1000");
    const auto sub = make_subtype(type, "200");
    const auto supplier = make_supplier();

    const std::string prefix = unique("bh_pay_itest") + ".";
    const auto commands = reserve_topic(prefix);
    const auto updates = payment_updated_topic(prefix);
    bus::ensure_topics(brokers,
                       {commands, bus::dead_letter_topic(commands), updates, bus::dead_letter_topic(updates)},
                       2, 1);

    bus::testing::IoThread kafka_io;
    bus::Producer producer(producer_options());
    db::Pool service_pool(kafka_io.io.get_executor(), database().pool_options(4));
    PaymentReservations service(service_pool, MovementEvents(prefix));
    auto on_command = [&](const bus::Message& message) {
        return on_reserve_command(service, producer, message);
    };
    auto on_update = [&](const bus::Message& message) -> asio::awaitable<void> {
        co_await on_payment_updated(service, message);
    };
    bus::Consumer reserve_consumer(kafka_io.io.get_executor(),
                                   consumer_options(unique(kReserveGroup), commands), on_command, producer);
    bus::Consumer update_consumer(kafka_io.io.get_executor(),
                                  consumer_options(unique(kPaymentUpdatesGroup), updates), on_update,
                                  producer);
    reserve_consumer.start();
    update_consumer.start();

    bus::RequestReplyOptions rr_options;
    rr_options.client = client();
    rr_options.reply_topic = bus::reply_topic_name(prefix, unique("payment"));
    bus::RequestReply payment_service(producer, rr_options);
    payment_service.start();
    auto ask = [&](const Uuid& payment_id, const std::string& payload) {
        const auto answer =
            kafka_io.await(payment_service.request(commands, payment_id.to_string(), payload, 20s));
        return json::parse(answer.payload).as_object();
    };

    // RESERVED, with the contract's totals (120.00 + 23 % = 147.60).
    const Uuid payment_id = Uuid::v7();
    const auto payload = reserve_payload(payment_id, line_json(supplier.id, sub.id, "120.00", "23.00"));
    const auto reply = ask(payment_id, payload);
    EXPECT_EQ(reply.at("version").as_int64(), 1);
    EXPECT_EQ(reply.at("paymentId").as_string(), payment_id.to_string());
    ASSERT_EQ(reply.at("outcome").as_string(), "RESERVED") << json_text(reply);
    EXPECT_EQ(*Money::from_double(reply.at("total").as_double()), m("147.60"));
    const auto& reserved = reply.at("movements").as_array();
    ASSERT_EQ(reserved.size(), 1u);
    EXPECT_EQ(reserved[0].at("documentNumber").as_string(), "PAY-" + payment_id.to_string() + "-1");
    EXPECT_EQ(*Money::from_double(reserved[0].at("ivaValue").as_double()), m("27.60"));
    EXPECT_EQ(subtype_now(sub.id).reserved_for_payments, m("147.60"));

    // The same command again (a retry after a timeout): the same answer, nothing booked twice.
    const auto repeat = ask(payment_id, payload);
    EXPECT_EQ(repeat.at("movements").as_array()[0].at("movementId"), reserved[0].at("movementId"));
    EXPECT_EQ(subtype_now(sub.id).spent, m("147.60"));

    // The refusals.
    const Uuid too_big = Uuid::v7();
    const auto exceeded =
        ask(too_big, reserve_payload(too_big, line_json(supplier.id, sub.id, "52.41", "0")));
    EXPECT_EQ(exceeded.at("outcome").as_string(), "BUDGET_EXCEEDED");
    EXPECT_TRUE(exceeded.at("message").is_string());
    const Uuid nowhere = Uuid::v7();
    const auto not_found =
        ask(nowhere, reserve_payload(nowhere, line_json(supplier.id, Uuid::v7(), "1", "0")));
    EXPECT_EQ(not_found.at("outcome").as_string(), "NOT_FOUND");
    const Uuid bad = Uuid::v7();
    const auto invalid = ask(bad, reserve_payload(bad, line_json(supplier.id, sub.id, "1", "100.5")));
    EXPECT_EQ(invalid.at("outcome").as_string(), "INVALID");
    EXPECT_EQ(invalid.at("paymentId").as_string(), bad.to_string());
    ASSERT_EQ(invalid.at("errors").as_array().size(), 1u);
    EXPECT_EQ(invalid.at("errors").as_array()[0].at("field").as_string(), "lines[0].ivaRate");

    // payment.updated: PROCESSING, then SUCCEEDED with a receipt, published twice (a relay's
    // duplicate); then a late PROCESSING that must not undo it.
    const auto processing = payment_updated(updates, payment_id, 1, "PROCESSING", nullptr);
    const auto succeeded = payment_updated(updates, payment_id, 2, "SUCCEEDED", "https://pay.stripe.com/r/1");
    kafka_io.await(producer.send(processing));
    kafka_io.await(producer.send(succeeded));
    kafka_io.await(producer.send(succeeded));
    kafka_io.await(producer.send(payment_updated(updates, payment_id, 1, "PROCESSING", nullptr)));
    EXPECT_TRUE(eventually(
        [&] {
            return count("SELECT count(*) FROM processed_events WHERE consumer = 'budget-payments'") >= 3 &&
                   invoices_of(payment_id).size() == 1;
        },
        20s));
    const auto paid = movements_of(payment_id);
    ASSERT_EQ(paid.size(), 1u);
    EXPECT_EQ(paid[0].status, MovementStatus::Succeeded);
    EXPECT_EQ(paid[0].version, 2);  // PROCESSING, SUCCEEDED: once each
    EXPECT_EQ(subtype_now(sub.id).spent, m("147.60"));
    EXPECT_EQ(subtype_now(sub.id).reserved_for_payments, m("0"));
    EXPECT_EQ(invoices_of(payment_id)[0].receipt_url, "https://pay.stripe.com/r/1");
    EXPECT_EQ(update_consumer.stats().dead_lettered, 0);
    EXPECT_EQ(reserve_consumer.stats().dead_lettered, 0);

    payment_service.stop();
    kafka_io.await(reserve_consumer.stop());
    kafka_io.await(update_consumer.stop());
}

}  // namespace
}  // namespace bh::budget
