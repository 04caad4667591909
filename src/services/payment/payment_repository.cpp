// The payment database, SQL only: see payment_repository.h.
#include "services/payment/payment_repository.h"

#include "core/error.h"
#include "db/params.h"
#include "db/result.h"
#include "db/statement.h"

namespace bh::payment::repository {

namespace {

namespace asio = boost::asio;
using std::string;

constexpr const char* kColumns =
    "id, kind, status, sequence, user_id, user_email, request_key, description, currency, items::text, "
    "amount, refunded_amount, reserved, payment_method_id, stripe_customer_id, stripe_intent_id, "
    "stripe_session_id, checkout_url, latest_charge_id, receipt_url, last_error, confirm_attempts, "
    "created_at, updated_at, confirm_retry_at, retry_payment_method";

const string kSelect = string("SELECT ") + kColumns + " FROM payments ";

const db::Statement kInsert{"payment.insert",
                            "INSERT INTO payments (id, kind, status, sequence, user_id, user_email, "
                            "request_key, description, currency, "
                            "items, amount, reserved, payment_method_id) "
                            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13)"};

const db::Statement kUpdate{
    "payment.update",
    "UPDATE payments SET status = $2, sequence = $3, amount = $4, refunded_amount = $5, reserved = $6, "
    "payment_method_id = $7, stripe_customer_id = $8, stripe_intent_id = $9, stripe_session_id = $10, "
    "checkout_url = $11, latest_charge_id = $12, receipt_url = $13, last_error = $14, "
    "confirm_attempts = $15, confirm_retry_at = $16, retry_payment_method = $17, updated_at = now() "
    "WHERE id = $1"};

const db::Statement kCountAttempt{"payment.count_attempt",
                                  "UPDATE payments SET confirm_attempts = confirm_attempts + 1 WHERE id = $1 "
                                  "RETURNING confirm_attempts"};
const db::Statement kDueConfirmations{"payment.due_confirmations",
                                      "SELECT id FROM payments WHERE confirm_retry_at <= $1 "
                                      "ORDER BY confirm_retry_at LIMIT $2"};
const db::Statement kTouch{"payment.touch", "UPDATE payments SET updated_at = now() WHERE id = $1"};

const db::Statement kHistory{
    "payment.history_insert",
    "INSERT INTO payment_history (payment_id, from_status, to_status, sequence, cause, "
    "detail) VALUES ($1, $2, $3, $4, $5, $6)"};

const string kFindSql = kSelect + "WHERE id = $1";
const db::Statement kFind{"payment.find", kFindSql};
const string kFindByKeySql = kSelect + "WHERE user_id = $1 AND request_key = $2";
const db::Statement kFindByKey{"payment.find_by_key", kFindByKeySql};
const string kFindByIntentSql = kSelect + "WHERE stripe_intent_id = $1";
const db::Statement kFindByIntent{"payment.find_by_intent", kFindByIntentSql};
const string kLockSql = kSelect + "WHERE id = $1 FOR UPDATE";
const db::Statement kLock{"payment.lock", kLockSql};
const string kLockByIntentSql = kSelect + "WHERE stripe_intent_id = $1 FOR UPDATE";
const db::Statement kLockByIntent{"payment.lock_by_intent", kLockByIntentSql};
const string kLockBySessionSql = kSelect + "WHERE stripe_session_id = $1 FOR UPDATE";
const db::Statement kLockBySession{"payment.lock_by_session", kLockBySessionSql};
const db::Statement kHistoryList{
    "payment.history_list",
    "SELECT from_status, to_status, sequence, cause, detail, at FROM payment_history "
    "WHERE payment_id = $1 ORDER BY id"};

const db::Statement kInsertRefund{
    "payment.refund_insert",
    "INSERT INTO payment_refunds (id, payment_id, amount, status, stripe_refund_id, idempotency_key) "
    "VALUES ($1, $2, $3, $4, $5, $6)"};
const db::Statement kUpdateRefund{"payment.refund_update",
                                  "UPDATE payment_refunds SET status = $2, stripe_refund_id = "
                                  "coalesce($3, stripe_refund_id), updated_at = now() WHERE id = $1"};
const db::Statement kSettleRefund{"payment.refund_settle",
                                  "UPDATE payment_refunds SET status = $2, updated_at = now() "
                                  "WHERE stripe_refund_id = $1 AND status = 'PENDING'"};
const db::Statement kRefunds{
    "payment.refunds",
    "SELECT id, payment_id, amount, status, stripe_refund_id, idempotency_key, created_at "
    "FROM payment_refunds WHERE payment_id = $1 ORDER BY created_at, id"};
const db::Statement kCommittedRefunds{"payment.refunds_committed",
                                      "SELECT coalesce(sum(amount), 0) FROM payment_refunds "
                                      "WHERE payment_id = $1 AND status IN ('PENDING', 'SUCCEEDED')"};

const db::Statement kRecordEvent{
    "payment.event_record",
    "INSERT INTO stripe_events (id, type, payment_id, outcome) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (id) DO NOTHING"};
const db::Statement kEventOutcome{"payment.event_outcome",
                                  "UPDATE stripe_events SET outcome = $2 WHERE id = $1"};
const db::Statement kForgetSignatures{"payment.signature_forget",
                                      "DELETE FROM webhook_signatures WHERE received_at < $1"};
const db::Statement kRememberSignature{"payment.signature_remember",
                                       "INSERT INTO webhook_signatures (signature) VALUES ($1) "
                                       "ON CONFLICT (signature) DO NOTHING"};
const db::Statement kClaimReceipt{"payment.receipt_claim",
                                  "INSERT INTO receipt_mails (stripe_object_id, payment_id, notification_id) "
                                  "VALUES ($1, $2, $3) ON CONFLICT (stripe_object_id) DO NOTHING"};
const db::Statement kQuietOpen{
    "payment.quiet_open",
    "SELECT id FROM payments WHERE status IN ('CREATED', 'REQUIRES_ACTION', 'PROCESSING') "
    "AND updated_at < $1 ORDER BY updated_at LIMIT $2"};

PaymentRecord read_payment(const db::Row& row) {
    PaymentRecord p;
    p.id = row.get<Uuid>(0);
    p.kind = row.get<string>(1);
    const auto status = parse_payment_status(row.get<string>(2));
    if (!status) throw internal("payments.status holds an unknown value");
    p.status = *status;
    p.sequence = row.get<std::int32_t>(3);
    p.user_id = row.get<Uuid>(4);
    p.user_email = row.get<string>(5);
    p.request_key = row.get<std::optional<string>>(6);
    p.description = row.get<string>(7);
    p.currency = row.get<string>(8);
    p.items_json = row.get<string>(9);
    p.amount = row.get<std::optional<Money>>(10);
    p.refunded_amount = row.get<Money>(11);
    p.reserved = row.get<bool>(12);
    p.payment_method_id = row.get<std::optional<string>>(13);
    p.stripe_customer_id = row.get<std::optional<string>>(14);
    p.stripe_intent_id = row.get<std::optional<string>>(15);
    p.stripe_session_id = row.get<std::optional<string>>(16);
    p.checkout_url = row.get<std::optional<string>>(17);
    p.latest_charge_id = row.get<std::optional<string>>(18);
    p.receipt_url = row.get<std::optional<string>>(19);
    p.last_error = row.get<std::optional<string>>(20);
    p.confirm_attempts = row.get<std::int32_t>(21);
    p.created_at = row.get<TimePoint>(22);
    p.updated_at = row.get<TimePoint>(23);
    p.confirm_retry_at = row.get<std::optional<TimePoint>>(24);
    p.retry_payment_method = row.get<std::optional<string>>(25);
    return p;
}

std::optional<PaymentRecord> maybe_payment(const db::Result& result) {
    auto row = result.maybe_one();
    if (!row) return std::nullopt;
    return read_payment(*row);
}

db::Params update_params(const PaymentRecord& p) {
    return db::Params{p.id,
                      string(to_string(p.status)),
                      p.sequence,
                      p.amount,
                      p.refunded_amount,
                      p.reserved,
                      p.payment_method_id,
                      p.stripe_customer_id,
                      p.stripe_intent_id,
                      p.stripe_session_id,
                      p.checkout_url,
                      p.latest_charge_id,
                      p.receipt_url,
                      p.last_error,
                      p.confirm_attempts,
                      p.confirm_retry_at,
                      p.retry_payment_method};
}

}  // namespace

asio::awaitable<void> insert(db::Transaction& tx, const PaymentRecord& p, std::string_view cause) {
    co_await tx->execute(kInsert, db::Params{p.id, p.kind, string(to_string(p.status)), p.sequence, p.user_id,
                                             p.user_email, p.request_key, p.description, p.currency,
                                             p.items_json, p.amount, p.reserved, p.payment_method_id});
    co_await tx->execute(kHistory, db::Params{p.id, std::optional<string>{}, string(to_string(p.status)),
                                              p.sequence, string(cause), std::optional<string>{}});
}

asio::awaitable<void> save_change(db::Transaction& tx, PaymentRecord& p, PaymentStatus previous,
                                  std::string_view cause, std::optional<string> detail) {
    p.sequence += 1;
    co_await tx->execute(kUpdate, update_params(p));
    co_await tx->execute(kHistory,
                         db::Params{p.id, std::optional<string>(string(to_string(previous))),
                                    string(to_string(p.status)), p.sequence, string(cause), detail});
}

asio::awaitable<void> save_fields(db::Transaction& tx, const PaymentRecord& p) {
    co_await tx->execute(kUpdate, update_params(p));
}

asio::awaitable<std::int32_t> count_confirm_attempt(db::Pool& pool, const Uuid& id) {
    auto lease = co_await pool.acquire();
    const auto result = co_await lease->execute(kCountAttempt, db::Params{id});
    co_return result.one().get<std::int32_t>(0);
}

asio::awaitable<std::vector<Uuid>> due_confirmations(db::Pool& pool, TimePoint now, std::int64_t limit) {
    auto lease = co_await pool.acquire();
    const auto rows = co_await lease->execute(kDueConfirmations, db::Params{now, limit});
    std::vector<Uuid> out;
    for (const auto& row : rows) out.push_back(row.get<Uuid>(0));
    co_return out;
}

asio::awaitable<void> touch(db::Pool& pool, const Uuid& id) {
    auto lease = co_await pool.acquire();
    co_await lease->execute(kTouch, db::Params{id});
}

asio::awaitable<std::optional<PaymentRecord>> find(db::Pool& pool, const Uuid& id) {
    auto lease = co_await pool.acquire();
    const auto result = co_await lease->execute(kFind, db::Params{id});
    co_return maybe_payment(result);
}

asio::awaitable<std::optional<PaymentRecord>> find_by_request_key(db::Pool& pool, const Uuid& user_id,
                                                                  const string& key) {
    auto lease = co_await pool.acquire();
    const auto result = co_await lease->execute(kFindByKey, db::Params{user_id, key});
    co_return maybe_payment(result);
}

asio::awaitable<std::optional<PaymentRecord>> find_by_intent(db::Pool& pool, const string& intent_id) {
    auto lease = co_await pool.acquire();
    const auto result = co_await lease->execute(kFindByIntent, db::Params{intent_id});
    co_return maybe_payment(result);
}

asio::awaitable<std::optional<PaymentRecord>> lock(db::Transaction& tx, const Uuid& id) {
    const auto result = co_await tx->execute(kLock, db::Params{id});
    co_return maybe_payment(result);
}

asio::awaitable<std::optional<PaymentRecord>> lock_by_intent(db::Transaction& tx, const string& intent_id) {
    const auto result = co_await tx->execute(kLockByIntent, db::Params{intent_id});
    co_return maybe_payment(result);
}

asio::awaitable<std::optional<PaymentRecord>> lock_by_session(db::Transaction& tx, const string& session_id) {
    const auto result = co_await tx->execute(kLockBySession, db::Params{session_id});
    co_return maybe_payment(result);
}

const db::Listing& payment_listing() {
    static const db::Listing listing({
        .columns = kColumns,
        .from = "payments",
        // amount is NULL until the reservation answers.
        .sort_columns = {{"createdAt", "created_at"},
                         {"status", "status"},
                         {"amount", "amount", db::Nullable}},
        .default_sort_field = "createdAt",
        .default_descending = true,
        .tie_breaker = "id",
    });
    return listing;
}

asio::awaitable<PaymentList> list(db::Pool& pool, const PaymentListQuery& q) {
    db::Where where;
    if (q.user_id) where.add("user_id = $", *q.user_id);
    if (q.status) where.add("status = $", string(to_string(*q.status)));
    if (q.created_from) where.add("created_at >= $", *q.created_from);
    if (q.created_until) where.add("created_at < $", *q.created_until);
    auto lease = co_await pool.acquire();
    const auto found = co_await db::list_page(*lease, payment_listing(), where, q.page);
    co_return db::read_page<PaymentRecord>(found, [](const db::Row& row) { return read_payment(row); });
}

asio::awaitable<std::vector<HistoryEntry>> history(db::Pool& pool, const Uuid& payment_id) {
    auto lease = co_await pool.acquire();
    const auto rows = co_await lease->execute(kHistoryList, db::Params{payment_id});
    std::vector<HistoryEntry> out;
    for (const auto& row : rows) {
        out.push_back({row.get<std::optional<string>>(0), row.get<string>(1), row.get<std::int32_t>(2),
                       row.get<string>(3), row.get<std::optional<string>>(4), row.get<TimePoint>(5)});
    }
    co_return out;
}

asio::awaitable<void> insert_refund(db::Transaction& tx, const RefundRecord& r) {
    co_await tx->execute(kInsertRefund, db::Params{r.id, r.payment_id, r.amount, r.status, r.stripe_refund_id,
                                                   r.idempotency_key});
}

asio::awaitable<void> update_refund(db::Transaction& tx, const Uuid& id, std::string_view status,
                                    const std::optional<string>& stripe_refund_id) {
    co_await tx->execute(kUpdateRefund, db::Params{id, string(status), stripe_refund_id});
}

asio::awaitable<std::vector<RefundRecord>> refunds(db::Pool& pool, const Uuid& payment_id) {
    auto lease = co_await pool.acquire();
    const auto rows = co_await lease->execute(kRefunds, db::Params{payment_id});
    std::vector<RefundRecord> out;
    for (const auto& row : rows) {
        out.push_back({row.get<Uuid>(0), row.get<Uuid>(1), row.get<Money>(2), row.get<string>(3),
                       row.get<std::optional<string>>(4), row.get<string>(5), row.get<TimePoint>(6)});
    }
    co_return out;
}

asio::awaitable<void> settle_refund_by_stripe_id(db::Transaction& tx, std::string_view stripe_refund_id,
                                                 std::string_view status) {
    co_await tx->execute(kSettleRefund, db::Params{string(stripe_refund_id), string(status)});
}

asio::awaitable<Money> committed_refunds(db::Transaction& tx, const Uuid& payment_id) {
    const auto result = co_await tx->execute(kCommittedRefunds, db::Params{payment_id});
    co_return result.one().get<Money>(0);
}

asio::awaitable<bool> record_event(db::Transaction& tx, std::string_view event_id, std::string_view type,
                                   const std::optional<Uuid>& payment_id, std::string_view outcome) {
    const auto result = co_await tx->execute(
        kRecordEvent, db::Params{string(event_id), string(type), payment_id, string(outcome)});
    co_return result.affected_rows() == 1;
}

asio::awaitable<void> set_event_outcome(db::Transaction& tx, std::string_view event_id,
                                        std::string_view outcome) {
    co_await tx->execute(kEventOutcome, db::Params{string(event_id), string(outcome)});
}

asio::awaitable<bool> remember_signature(db::Transaction& tx, std::string_view signature, TimePoint since) {
    co_await tx->execute(kForgetSignatures, db::Params{since});
    const auto result = co_await tx->execute(kRememberSignature, db::Params{string(signature)});
    co_return result.affected_rows() == 1;
}

asio::awaitable<bool> claim_receipt(db::Transaction& tx, std::string_view stripe_object_id,
                                    const Uuid& payment_id, const Uuid& notification_id) {
    const auto result = co_await tx->execute(
        kClaimReceipt, db::Params{string(stripe_object_id), payment_id, notification_id});
    co_return result.affected_rows() == 1;
}

asio::awaitable<std::vector<Uuid>> quiet_open(db::Pool& pool, TimePoint before, std::int64_t limit) {
    auto lease = co_await pool.acquire();
    const auto rows = co_await lease->execute(kQuietOpen, db::Params{before, limit});
    std::vector<Uuid> out;
    for (const auto& row : rows) out.push_back(row.get<Uuid>(0));
    co_return out;
}

}  // namespace bh::payment::repository
