// Integration tests of the webhook flows against a real PostgreSQL (the payment database's own
// migrations): each event applied once, replays refused, stale and reordered events changing
// nothing, refunds raising the refunded amount monotonically, one receipt mail per charge and per
// refund level, and every change written with its history row and its payment.updated event.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>
#include <future>
#include <thread>

#include "db/itest_support.h"
#include "db/migrations.h"
#include "db/transaction.h"
#include "services/payment/payment_repository.h"
#include "services/payment/payment_service.h"
#include "services/payment/webhook_flows.h"

namespace bh::payment {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;

class WebhookIntegration : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        database_ = std::make_unique<db::testing::ScratchDatabase>();
        asio::io_context io;
        db::testing::run(io, db::migrate(io.get_executor(), database_->options(), "payment", migrations()));
    }
    static void TearDownTestSuite() { database_.reset(); }

    WebhookIntegration()
        : guard_(asio::make_work_guard(io_)),
          pool_(io_.get_executor(), database_->pool_options(4)),
          clock_(std::chrono::system_clock::now()),
          flows_([this]() -> db::Pool& { return pool_; }, settings_, clock_) {
        settings_.topic_prefix = "itest.";
        settings_.webhook_tolerance = 300s;
        threads_.emplace_back([this] { io_.run(); });
    }
    ~WebhookIntegration() override {
        guard_.reset();
        for (auto& thread : threads_) thread.join();
    }

    template <class T>
    T await(asio::awaitable<T> task) {
        auto future = asio::co_spawn(io_, std::move(task), asio::use_future);
        if (future.wait_for(30s) != std::future_status::ready)
            throw std::runtime_error("coroutine timed out");
        return future.get();
    }

    // A payment as the flows leave it after the intent was created: CREATED, reserved, with an intent.
    PaymentRecord new_payment(Money amount) {
        PaymentRecord p;
        p.id = Uuid::v7();
        p.kind = "INTENT";
        p.user_id = Uuid::v7();
        p.user_email = "payer-" + p.id.to_string() + "@example.com";
        p.description = "Chairs";
        p.currency = "eur";
        p.items_json = "[]";
        p.amount = amount;
        p.reserved = true;
        p.stripe_intent_id = "pi_" + p.id.to_string().substr(0, 8) + p.id.to_string().substr(24);
        auto insert = [this](PaymentRecord payment) -> asio::awaitable<void> {
            auto work = [&payment](db::Transaction& tx) -> asio::awaitable<void> {
                co_await repository::insert(tx, payment, "itest");
                co_await repository::save_fields(tx, payment);  // the Stripe ids
            };
            co_await db::with_transaction(pool_, db::Isolation::ReadCommitted, std::move(work));
        };
        await(insert(p));
        return p;
    }

    PaymentRecord reload(const Uuid& id) { return *await(repository::find(pool_, id)); }

    EventOutcome apply(const std::string& id, const std::string& type, json::object object,
                       std::string signature = {}) {
        if (signature.empty()) signature = "t=1,v1=" + id + "-" + std::to_string(++deliveries_);
        return await(flows_.apply(StripeEvent{id, type, std::move(object)}, std::move(signature)));
    }

    // What the outbox holds for this payment: payment.updated sequences and receipt mails.
    std::pair<std::vector<std::int64_t>, int> outbox_of(const PaymentRecord& p) {
        auto read = [this](std::string key,
                           std::string email) -> asio::awaitable<std::pair<std::vector<std::int64_t>, int>> {
            auto lease = co_await pool_.acquire();
            const auto updates = co_await lease->query(
                "SELECT payload FROM outbox WHERE message_key = $1 AND event_type = 'payment.updated' ORDER "
                "BY id",
                db::Params{key});
            std::vector<std::int64_t> sequences;
            for (const auto& row : updates) {
                sequences.push_back(
                    json::parse(row.get<std::string>(0)).as_object().at("sequence").as_int64());
            }
            const auto mails = co_await lease->query(
                "SELECT count(*) FROM outbox WHERE event_type = 'notification.requested' AND payload LIKE $1",
                db::Params{"%" + email + "%"});
            co_return std::pair(sequences, static_cast<int>(mails.one().get<std::int64_t>(0)));
        };
        return await(read(p.id.to_string(), p.user_email + "\",\"recipientName"));
    }

    static inline std::unique_ptr<db::testing::ScratchDatabase> database_;
    asio::io_context io_;
    asio::executor_work_guard<asio::io_context::executor_type> guard_;
    db::Pool pool_;
    PaymentSettings settings_;
    ManualClock clock_;
    WebhookFlows flows_;
    std::vector<std::thread> threads_;
    int deliveries_ = 0;
};

json::object intent(const PaymentRecord& p, std::string status) {
    return json::object{
        {"id", *p.stripe_intent_id}, {"object", "payment_intent"}, {"status", std::move(status)}};
}

json::object charge(const PaymentRecord& p, std::int64_t refunded_cents,
                    std::string receipt = "https://r/1") {
    return json::object{{"id", "ch_" + p.id.to_string().substr(24)},
                        {"object", "charge"},
                        {"status", "succeeded"},
                        {"payment_intent", *p.stripe_intent_id},
                        {"amount_refunded", refunded_cents},
                        {"receipt_url", std::move(receipt)}};
}

TEST_F(WebhookIntegration, EachEventIsAppliedOnceAndAReplayIsRefused) {
    const auto p = new_payment(Money::from_cents(12'300));
    EXPECT_EQ(apply("evt_a1", "payment_intent.succeeded", intent(p, "succeeded"), "t=1,v1=same"),
              EventOutcome::Applied);
    EXPECT_EQ(reload(p.id).status, PaymentStatus::Succeeded);
    // The same event again (Stripe's retry, signed anew): acknowledged, nothing applied.
    EXPECT_EQ(apply("evt_a1", "payment_intent.succeeded", intent(p, "succeeded")), EventOutcome::Duplicate);
    // The same delivery again (same signature): refused.
    try {
        apply("evt_a2", "payment_intent.succeeded", intent(p, "succeeded"), "t=1,v1=same");
        ADD_FAILURE() << "a replayed delivery was accepted";
    } catch (const AppError& e) {
        EXPECT_EQ(e.code(), "WEBHOOK_REPLAYED");
    }
    const auto [sequences, mails] = outbox_of(p);
    EXPECT_EQ(sequences, (std::vector<std::int64_t>{2}));  // one change: CREATED(1) → SUCCEEDED(2)
    EXPECT_EQ(mails, 0);                                   // no receipt URL yet
}

TEST_F(WebhookIntegration, AnOlderStateAfterANewerOneChangesNothing) {
    const auto p = new_payment(Money::from_cents(5'000));
    EXPECT_EQ(apply("evt_b1", "payment_intent.succeeded", intent(p, "succeeded")), EventOutcome::Applied);
    EXPECT_EQ(apply("evt_b2", "payment_intent.processing", intent(p, "processing")), EventOutcome::Stale);
    EXPECT_EQ(apply("evt_b3", "payment_intent.canceled", intent(p, "canceled")), EventOutcome::Stale);
    EXPECT_EQ(reload(p.id).status, PaymentStatus::Succeeded);
}

TEST_F(WebhookIntegration, RefundsOnlyRaiseTheRefundedAmountAndMailOncePerLevel) {
    const auto p = new_payment(Money::from_cents(10'000));
    EXPECT_EQ(apply("evt_c1", "charge.succeeded", charge(p, 0)), EventOutcome::Applied);
    auto after = reload(p.id);
    EXPECT_EQ(after.status, PaymentStatus::Succeeded);
    EXPECT_EQ(after.receipt_url, "https://r/1");
    EXPECT_EQ(apply("evt_c2", "charge.updated", charge(p, 0)), EventOutcome::Stale);  // nothing new
    // Refund events out of order: the larger cumulative figure wins, the smaller is stale.
    EXPECT_EQ(apply("evt_c4", "charge.refunded", charge(p, 6'000, "https://r/2")), EventOutcome::Applied);
    EXPECT_EQ(apply("evt_c3", "charge.refunded", charge(p, 2'500, "https://r/2")), EventOutcome::Stale);
    after = reload(p.id);
    EXPECT_EQ(after.status, PaymentStatus::PartiallyRefunded);
    EXPECT_EQ(after.refunded_amount, Money::from_cents(6'000));
    EXPECT_EQ(apply("evt_c5", "charge.refunded", charge(p, 10'000, "https://r/3")), EventOutcome::Applied);
    after = reload(p.id);
    EXPECT_EQ(after.status, PaymentStatus::Refunded);
    EXPECT_EQ(after.refunded_amount, Money::from_cents(10'000));
    // More than was paid is never recorded.
    EXPECT_EQ(apply("evt_c6", "charge.refunded", charge(p, 20'000, "https://r/3")), EventOutcome::Stale);
    // An old charge update arriving late does not bring its old receipt back.
    EXPECT_EQ(apply("evt_c7", "charge.updated", charge(p, 2'500, "https://r/2")), EventOutcome::Stale);
    EXPECT_EQ(reload(p.id).receipt_url, "https://r/3");
    EXPECT_EQ(reload(p.id).refunded_amount, Money::from_cents(10'000));
    const auto [sequences, mails] = outbox_of(p);
    EXPECT_EQ(sequences, (std::vector<std::int64_t>{2, 3, 4}));
    EXPECT_EQ(mails, 3);  // the charge, then each refund level
    const auto history = await(repository::history(pool_, p.id));
    ASSERT_EQ(history.size(), 4u);
    EXPECT_EQ(history.back().to_status, "REFUNDED");
}

TEST_F(WebhookIntegration, CheckoutSessionsCompleteOrExpire) {
    auto make_session = [this](std::string session_id) {
        auto p = new_payment(Money::from_cents(9'840));
        auto set_session = [this](Uuid id, std::string session) -> asio::awaitable<void> {
            auto lease = co_await pool_.acquire();
            co_await lease->query(
                "UPDATE payments SET kind = 'CHECKOUT', stripe_intent_id = NULL, "
                "stripe_session_id = $2 WHERE id = $1",
                db::Params{id, session});
        };
        await(set_session(p.id, session_id));
        return p;
    };
    const auto paid = make_session("cs_paid_" + Uuid::v7().to_string());
    const auto dropped = make_session("cs_dropped_" + Uuid::v7().to_string());
    const auto paid_session = *reload(paid.id).stripe_session_id;
    EXPECT_EQ(apply("evt_d1", "checkout.session.completed",
                    json::object{
                        {"id", paid_session}, {"payment_status", "paid"}, {"payment_intent", "pi_from_cs"}}),
              EventOutcome::Applied);
    auto after = reload(paid.id);
    EXPECT_EQ(after.status, PaymentStatus::Succeeded);
    EXPECT_EQ(after.stripe_intent_id, "pi_from_cs");
    EXPECT_EQ(apply("evt_d2", "checkout.session.expired", json::object{{"id", paid_session}}),
              EventOutcome::Stale);
    EXPECT_EQ(apply("evt_d3", "checkout.session.expired",
                    json::object{{"id", "cs_other"}, {"metadata", {{"payment_id", dropped.id.to_string()}}}}),
              EventOutcome::Applied);
    EXPECT_EQ(reload(dropped.id).status, PaymentStatus::Canceled);
}

TEST_F(WebhookIntegration, UnknownPaymentsAndTypesAreRecordedNotRetried) {
    EXPECT_EQ(apply("evt_e1", "payment_intent.succeeded",
                    json::object{{"id", "pi_nobody"}, {"status", "succeeded"}}),
              EventOutcome::UnknownPayment);
    EXPECT_EQ(apply("evt_e1", "payment_intent.succeeded",
                    json::object{{"id", "pi_nobody"}, {"status", "succeeded"}}),
              EventOutcome::Duplicate);
    const auto p = new_payment(Money::from_cents(100));
    EXPECT_EQ(
        apply("evt_e2", "customer.updated", json::object{{"metadata", {{"payment_id", p.id.to_string()}}}}),
        EventOutcome::UnhandledType);
    EXPECT_EQ(reload(p.id).status, PaymentStatus::Created);
}

}  // namespace
}  // namespace bh::payment
