// The SQL of payments on budgets: payment_reservations rows, payment movements, their invoices.
#include "services/budget/payments/payment_repository.h"

#include "db/statement.h"
#include "services/budget/row_mapping.h"

namespace bh::budget::payment_sql {

namespace {

namespace asio = boost::asio;
using std::string;

const db::Statement kEnsureReservation{
    "budget.payment_ensure",
    "INSERT INTO payment_reservations (payment_id) VALUES ($1) ON CONFLICT DO NOTHING"};
const db::Statement kLockReservation{"budget.payment_lock",
                                     "SELECT user_id, reserved_at IS NOT NULL, last_sequence, status, "
                                     "refunded_amount, receipt_url, occurred_at "
                                     "FROM payment_reservations WHERE payment_id = $1 FOR UPDATE"};
const db::Statement kMarkReserved{"budget.payment_mark_reserved",
                                  "UPDATE payment_reservations SET user_id = $2, total = $3::numeric, "
                                  "reserved_at = now(), updated_at = now() WHERE payment_id = $1"};
const db::Statement kSaveState{
    "budget.payment_save_state",
    "UPDATE payment_reservations SET last_sequence = $2, status = $3, refunded_amount = $4::numeric, "
    "receipt_url = $5, occurred_at = $6::timestamptz, updated_at = now() WHERE payment_id = $1"};

const db::Statement kLockSupplier{"budget.payment_supplier",
                                  "SELECT 1 FROM suppliers WHERE id = $1 FOR KEY SHARE"};
const db::Statement kLockSubtype{
    "budget.payment_subtype", "SELECT budget_type_id FROM budget_subtypes WHERE id = $1 FOR NO KEY UPDATE"};
const db::Statement kTypeExists{"budget.payment_type_exists", "SELECT 1 FROM budget_types WHERE id = $1"};

const db::Statement kInsertMovement{
    "budget.payment_movement_insert",
    "INSERT INTO movements (id, kind, status, document_number, date_of_emission, description, "
    "value_without_iva, iva_rate, iva_value, total_value, booked_amount, supplier_id, budget_type_id, "
    "budget_subtype_id, created_by, payment_id, payment_line, reserved_amount) VALUES ($1, $2, $3, $4, "
    "$5::date, $6, $7::numeric, $8::numeric, $9::numeric, $10::numeric, $11::numeric, $12, $13, $14, $15, "
    "$16, "
    "$17, $18::numeric)"};
const string kLockMovementsSql =
    "SELECT " + string(kMovementColumns) +
    " FROM movements m WHERE m.payment_id = $1 ORDER BY m.payment_line FOR UPDATE";
const db::Statement kLockMovements{"budget.payment_movements_lock", kLockMovementsSql};
const db::Statement kUpdateHolding{
    "budget.payment_movement_holding",
    "UPDATE movements SET status = $2, booked_amount = $3::numeric, reserved_amount = $4::numeric, "
    "version = version + 1, updated_at = now() WHERE id = $1"};

const db::Statement kLockInvoice{
    "budget.payment_invoice_lock",
    "SELECT id, description, stripe_receipt_url FROM invoices WHERE movement_id = $1 FOR UPDATE"};
const db::Statement kInsertInvoice{
    "budget.payment_invoice_insert",
    "INSERT INTO invoices (id, date_of_emission, description, stripe_receipt_url, movement_id, created_by) "
    "VALUES ($1, $2::date, $3, $4, $5, $6)"};
const db::Statement kRewriteInvoice{
    "budget.payment_invoice_rewrite",
    "UPDATE invoices SET description = $2, stripe_receipt_url = coalesce($3, stripe_receipt_url), "
    "version = version + 1, updated_at = now() WHERE id = $1"};

}  // namespace

asio::awaitable<ReservationRow> lock_reservation(db::Transaction& tx, const Uuid& payment_id) {
    co_await tx->execute(kEnsureReservation, db::Params{payment_id});
    const auto result = co_await tx->execute(kLockReservation, db::Params{payment_id});
    const auto row = result.one();
    ReservationRow out;
    out.payment_id = payment_id;
    out.user_id = row.get<std::optional<string>>(0);
    out.reserved = row.get<bool>(1);
    const auto sequence = row.get<std::int64_t>(2);
    const auto status = row.get<std::optional<string>>(3);
    if (sequence > 0 && status) {
        PaymentState state;
        state.sequence = sequence;
        state.status = parse_payment_status(*status).value_or(PaymentStatus::Created);
        state.refunded_amount = row.get<Money>(4);
        state.receipt_url = row.get<std::optional<string>>(5);
        state.occurred_at = row.get<std::optional<std::chrono::system_clock::time_point>>(6);
        out.state = state;
    }
    co_return out;
}

asio::awaitable<void> mark_reserved(db::Transaction& tx, const Uuid& payment_id, const string& user_id,
                                    Money total) {
    co_await tx->execute(kMarkReserved, db::Params{payment_id, user_id, total});
}

asio::awaitable<void> save_state(db::Transaction& tx, const Uuid& payment_id, const PaymentState& state) {
    db::Params params;
    params.add(payment_id)
        .add(state.sequence)
        .add(to_string(state.status))
        .add(state.refunded_amount)
        .add(state.receipt_url)
        .add(state.occurred_at);
    co_await tx->execute(kSaveState, params);
}

asio::awaitable<bool> lock_supplier(db::Transaction& tx, const Uuid& id) {
    const auto found = co_await tx->execute(kLockSupplier, db::Params{id});
    co_return !found.empty();
}

asio::awaitable<std::optional<Uuid>> lock_subtype(db::Transaction& tx, const Uuid& id) {
    const auto result = co_await tx->execute(kLockSubtype, db::Params{id});
    auto row = result.maybe_one();
    if (!row) co_return std::nullopt;
    co_return row->get<Uuid>(0);
}

asio::awaitable<bool> type_exists(db::Transaction& tx, const Uuid& id) {
    const auto found = co_await tx->execute(kTypeExists, db::Params{id});
    co_return !found.empty();
}

asio::awaitable<void> insert_movement(db::Transaction& tx, const MovementRecord& m,
                                      const string& created_by) {
    db::Params p = movement_params(m);
    p.add(created_by).add(m.payment_id).add(m.payment_line).add(m.reserved_amount);
    co_await tx->execute(kInsertMovement, p);
}

asio::awaitable<std::vector<MovementRecord>> lock_movements(db::Transaction& tx, const Uuid& payment_id) {
    const auto rows = co_await tx->execute(kLockMovements, db::Params{payment_id});
    std::vector<MovementRecord> out;
    for (const auto& row : rows) out.push_back(read_movement(row, false));
    co_return out;
}

asio::awaitable<void> update_movement_holding(db::Transaction& tx, const MovementRecord& m) {
    co_await tx->execute(kUpdateHolding,
                         db::Params{m.id, to_string(m.status), m.booked_amount, m.reserved_amount});
}

asio::awaitable<std::optional<StoredInvoice>> lock_invoice_of(db::Transaction& tx, const Uuid& movement_id) {
    const auto result = co_await tx->execute(kLockInvoice, db::Params{movement_id});
    auto row = result.maybe_one();
    if (!row) co_return std::nullopt;
    co_return StoredInvoice{row->get<Uuid>(0), row->get<string>(1), row->get<std::optional<string>>(2)};
}

asio::awaitable<void> insert_invoice(db::Transaction& tx, const Uuid& movement_id,
                                     std::chrono::year_month_day date, const string& description,
                                     const std::optional<string>& receipt_url, const string& created_by) {
    co_await tx->execute(kInsertInvoice,
                         db::Params{Uuid::v7(), date, description, receipt_url, movement_id, created_by});
}

asio::awaitable<void> rewrite_invoice(db::Transaction& tx, const Uuid& invoice_id, const string& description,
                                      const std::optional<string>& receipt_url) {
    co_await tx->execute(kRewriteInvoice, db::Params{invoice_id, description, receipt_url});
}

}  // namespace bh::budget::payment_sql
