#pragma once
// The payment database, SQL only: payments, their history, refunds, applied webhook events and
// receipt mails. Every state change goes through save_change(), which bumps the payment's sequence
// and writes its history row in the caller's transaction (the flows add the outbox event there too).
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/money.h"
#include "core/paging.h"
#include "core/uuid.h"
#include "db/listing.h"
#include "db/pool.h"
#include "db/transaction.h"
#include "services/payment/domain/payment_status.h"

namespace bh::payment {

using TimePoint = std::chrono::system_clock::time_point;

struct PaymentRecord {
    Uuid id;
    std::string kind;  // INTENT or CHECKOUT
    PaymentStatus status = PaymentStatus::Created;
    std::int32_t sequence = 1;
    Uuid user_id;
    std::string user_email;
    std::optional<std::string> request_key;
    std::string description;
    std::string currency;
    std::string items_json;
    std::optional<Money> amount;
    Money refunded_amount;
    bool reserved = false;
    std::optional<std::string> payment_method_id;
    std::optional<std::string> stripe_customer_id;
    std::optional<std::string> stripe_intent_id;
    std::optional<std::string> stripe_session_id;
    std::optional<std::string> checkout_url;
    std::optional<std::string> latest_charge_id;
    std::optional<std::string> receipt_url;
    std::optional<std::string> last_error;
    std::int32_t confirm_attempts = 0;
    std::optional<TimePoint> confirm_retry_at;
    std::optional<std::string> retry_payment_method;
    TimePoint created_at;
    TimePoint updated_at;
};

struct HistoryEntry {
    std::optional<std::string> from_status;
    std::string to_status;
    std::int32_t sequence = 0;
    std::string cause;
    std::optional<std::string> detail;
    TimePoint at;
};

struct RefundRecord {
    Uuid id;
    Uuid payment_id;
    Money amount;
    std::string status;  // PENDING, SUCCEEDED, FAILED, CANCELED
    std::optional<std::string> stripe_refund_id;
    std::string idempotency_key;
    TimePoint created_at;
};

// A listing's filters and window, already checked (the HTTP layer builds it).
struct PaymentListQuery {
    std::optional<Uuid> user_id;  // only this user's payments
    std::optional<PaymentStatus> status;
    std::optional<TimePoint> created_from;   // inclusive
    std::optional<TimePoint> created_until;  // exclusive
    PageRequest page;
};

using PaymentList = Page<PaymentRecord>;

namespace repository {

boost::asio::awaitable<void> insert(db::Transaction& tx, const PaymentRecord& payment,
                                    std::string_view cause);
// Writes every mutable column of `payment`; when its status differs from `previous`, or `cause` is
// given for a same-status change, bumps the sequence (into payment.sequence) and adds a history row.
boost::asio::awaitable<void> save_change(db::Transaction& tx, PaymentRecord& payment, PaymentStatus previous,
                                         std::string_view cause, std::optional<std::string> detail = {});
// Writes the mutable columns, no history, no new sequence (ids learnt from Stripe). Only with a
// record read under lock() in the same transaction.
boost::asio::awaitable<void> save_fields(db::Transaction& tx, const PaymentRecord& payment);
// Counts one more confirmation attempt; returns the new count (the attempt's idempotency key).
boost::asio::awaitable<std::int32_t> count_confirm_attempt(db::Pool& pool, const Uuid& id);
// Confirmations due for a retry at `now`, oldest first.
boost::asio::awaitable<std::vector<Uuid>> due_confirmations(db::Pool& pool, TimePoint now,
                                                            std::int64_t limit);
// Marks the payment as looked at now (the sweeper's order), changing nothing else.
boost::asio::awaitable<void> touch(db::Pool& pool, const Uuid& id);

boost::asio::awaitable<std::optional<PaymentRecord>> find(db::Pool& pool, const Uuid& id);
boost::asio::awaitable<std::optional<PaymentRecord>> find_by_request_key(db::Pool& pool, const Uuid& user_id,
                                                                         const std::string& key);
boost::asio::awaitable<std::optional<PaymentRecord>> find_by_intent(db::Pool& pool,
                                                                    const std::string& intent_id);
// SELECT ... FOR UPDATE: the payment's row lock serialises every change of one payment.
boost::asio::awaitable<std::optional<PaymentRecord>> lock(db::Transaction& tx, const Uuid& id);
boost::asio::awaitable<std::optional<PaymentRecord>> lock_by_intent(db::Transaction& tx,
                                                                    const std::string& intent_id);
boost::asio::awaitable<std::optional<PaymentRecord>> lock_by_session(db::Transaction& tx,
                                                                     const std::string& session_id);
// GET /payment/all: newest first by default; by createdAt, status or amount.
const db::Listing& payment_listing();
boost::asio::awaitable<PaymentList> list(db::Pool& pool, const PaymentListQuery& query);
boost::asio::awaitable<std::vector<HistoryEntry>> history(db::Pool& pool, const Uuid& payment_id);

boost::asio::awaitable<void> insert_refund(db::Transaction& tx, const RefundRecord& refund);
boost::asio::awaitable<void> update_refund(db::Transaction& tx, const Uuid& id, std::string_view status,
                                           const std::optional<std::string>& stripe_refund_id);
boost::asio::awaitable<std::vector<RefundRecord>> refunds(db::Pool& pool, const Uuid& payment_id);
// A refund Stripe reports as failed or canceled: its cents may be refunded again.
boost::asio::awaitable<void> settle_refund_by_stripe_id(db::Transaction& tx,
                                                        std::string_view stripe_refund_id,
                                                        std::string_view status);
// Sum of the refunds that did not fail: what may not be refunded again.
boost::asio::awaitable<Money> committed_refunds(db::Transaction& tx, const Uuid& payment_id);

// true when the event was not seen before (and is now recorded with `outcome`); set_event_outcome()
// says later what applying it did.
boost::asio::awaitable<bool> record_event(db::Transaction& tx, std::string_view event_id,
                                          std::string_view type, const std::optional<Uuid>& payment_id,
                                          std::string_view outcome);
boost::asio::awaitable<void> set_event_outcome(db::Transaction& tx, std::string_view event_id,
                                               std::string_view outcome);
// true when this signature was not seen since `since` (and is now remembered); forgets older ones.
boost::asio::awaitable<bool> remember_signature(db::Transaction& tx, std::string_view signature,
                                                TimePoint since);
// true when no receipt mail was asked for this charge or refund before (and now one is).
boost::asio::awaitable<bool> claim_receipt(db::Transaction& tx, std::string_view stripe_object_id,
                                           const Uuid& payment_id, const Uuid& notification_id);

// Payments not finished yet (CREATED, REQUIRES_ACTION, PROCESSING) and unchanged since `before`: the
// sweeper's list, oldest first.
boost::asio::awaitable<std::vector<Uuid>> quiet_open(db::Pool& pool, TimePoint before, std::int64_t limit);

}  // namespace repository

}  // namespace bh::payment
