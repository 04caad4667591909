#pragma once
// The payment use cases, without HTTP: create an intent or a checkout session (funds reserved on
// the budget first), confirm, cancel, refund, tokens, and reading payments. Each state change is
// written with its history row and its `payment.updated` event in one transaction; every Stripe
// call that changes something carries an idempotency key stored before its first attempt, so a
// retried command (same Idempotency-Key from the caller) or a crash never pays twice.
#include <boost/asio/awaitable.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/money.h"
#include "core/uuid.h"
#include "db/pool.h"
#include "services/payment/budget_reservations.h"
#include "services/payment/domain/payment_items.h"
#include "services/payment/payment_provider.h"
#include "services/payment/payment_repository.h"
#include "services/payment/payment_settings.h"

namespace bh::payment {

// The service's pool, which exists once the service started (routes are added before).
using PoolSource = std::function<db::Pool&()>;

// Who asks: staff see and act on their own payments; managers and admins on all.
struct Caller {
    Uuid user_id;
    std::string email;
    bool sees_all = false;
};

struct PaymentOrder {
    std::string currency;  // lower case, a two-decimal currency
    std::string description;
    std::vector<PaymentItem> items;
    std::optional<std::string> payment_method_id;  // intents only
    std::optional<std::string> request_key;        // the caller's Idempotency-Key
};

struct ConfirmCommand {
    std::string intent_id;
    std::optional<std::string> payment_method_id;
};

struct RefundCommand {
    std::string intent_id;
    std::optional<Money> amount;  // the whole remainder when absent
    std::optional<std::string> request_key;
};

struct PaymentDetails {
    PaymentRecord payment;
    std::vector<RefundRecord> refunds;
    std::vector<HistoryEntry> history;
};

class PaymentFlows {
  public:
    // `provider` null: Stripe is not configured (every command answers 503 STRIPE_NOT_CONFIGURED).
    PaymentFlows(PoolSource pool, PaymentProvider* provider, BudgetReservations& reservations,
                 const PaymentSettings& settings, const Clock& clock);

    boost::asio::awaitable<PaymentRecord> create_intent(Caller caller, PaymentOrder order);
    boost::asio::awaitable<PaymentRecord> create_session(Caller caller, PaymentOrder order);
    boost::asio::awaitable<PaymentRecord> confirm(Caller caller, ConfirmCommand command);
    boost::asio::awaitable<PaymentRecord> cancel(Caller caller, std::string intent_id);
    boost::asio::awaitable<PaymentRecord> refund(Caller caller, RefundCommand command);
    boost::asio::awaitable<CardTokenView> card_token(CardDetails card);
    boost::asio::awaitable<std::string> sepa_method(SepaDetails sepa);

    boost::asio::awaitable<PaymentDetails> get(Caller caller, Uuid id);
    boost::asio::awaitable<PaymentList> list(Caller caller, PaymentListQuery query);

    // The sweeper's round over payments not finished and quiet for a sweep interval: Stripe's state
    // is read and taken over (a crash between a Stripe call and its commit, a lost webhook), and a
    // payment still unpaid past payment.reservation_ttl is ended at Stripe (intent canceled, session
    // expired) and here, which releases its reservation. One payment's trouble never stops the round.
    struct SweepResult {
        int reconciled = 0;
        int expired = 0;
        int failed = 0;
    };
    boost::asio::awaitable<SweepResult> sweep();

    // Confirmations that failed because Stripe was out of reach, tried again with backoff
    // (payment.confirm_retry_base_delay, doubling) up to payment.confirm_max_attempts; the user is
    // told the final outcome by e-mail. The caller runs one round at a time across instances.
    boost::asio::awaitable<SweepResult> retry_confirmations();

  private:
    PaymentProvider& provider();
    boost::asio::awaitable<PaymentRecord> start(const Caller& caller, const PaymentOrder& order,
                                                std::string kind);
    boost::asio::awaitable<PaymentRecord> reserve(PaymentRecord payment);
    boost::asio::awaitable<PaymentRecord> fail(const PaymentRecord& payment, std::string cause,
                                               std::string detail);
    boost::asio::awaitable<PaymentRecord> open_intent(PaymentRecord payment, const PaymentOrder& order);
    boost::asio::awaitable<PaymentRecord> open_session(PaymentRecord payment, const PaymentOrder& order);
    boost::asio::awaitable<PaymentRecord> apply_intent(const Uuid& id, const IntentView& intent,
                                                       std::string cause);
    boost::asio::awaitable<PaymentRecord> visible_by_intent(const Caller& caller,
                                                            const std::string& intent_id);
    // Schedules the confirmation again and throws `unreachable`, telling the caller so.
    boost::asio::awaitable<void> retry_later(const Uuid& payment_id, std::optional<std::string> method,
                                             const AppError& unreachable);
    boost::asio::awaitable<void> schedule_retry(const Uuid& id, std::optional<std::string> payment_method,
                                                const std::string& reason);
    // One payment of a batch: true when it ended (counted as expired), else reconciled.
    using Step = boost::asio::awaitable<bool> (PaymentFlows::*)(const Uuid&);
    boost::asio::awaitable<SweepResult> each_payment(const std::vector<Uuid>& ids, Step step,
                                                     std::string_view what);
    boost::asio::awaitable<bool> retry_one(const Uuid& id);
    boost::asio::awaitable<void> end_retries(const Uuid& id, std::string_view outcome, std::string reason);
    boost::asio::awaitable<bool> sweep_one(const Uuid& id);

    db::Pool& pool() const { return pool_source_(); }

    PoolSource pool_source_;
    PaymentProvider* provider_;
    BudgetReservations& reservations_;
    const PaymentSettings& settings_;
    const Clock& clock_;
};

}  // namespace bh::payment
