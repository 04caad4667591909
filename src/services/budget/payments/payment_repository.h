#pragma once
// The SQL of payments on budgets (migrations/0005_payments.sql), inside the caller's transaction:
// the payment_reservations row of a payment, its movements, and the invoices of those movements.
// payment_reservations.cpp decides; this file only reads and writes rows.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/money.h"
#include "core/uuid.h"
#include "db/transaction.h"
#include "services/budget/domain/payment_rules.h"
#include "services/budget/records.h"

namespace bh::budget::payment_sql {

// The last payment state applied (or remembered) for a payment.
struct PaymentState {
    std::int64_t sequence = 0;
    PaymentStatus status = PaymentStatus::Created;
    Money refunded_amount;
    std::optional<std::string> receipt_url;
    std::optional<std::chrono::system_clock::time_point> occurred_at;
};

struct ReservationRow {
    Uuid payment_id;
    std::optional<std::string> user_id;
    bool reserved = false;              // the payment's movements exist
    std::optional<PaymentState> state;  // nullopt: no payment.updated applied yet
};

// The payment's row, created when missing, locked FOR UPDATE: every write about one payment
// (reservation, events) is serialised on it, on any number of instances.
boost::asio::awaitable<ReservationRow> lock_reservation(db::Transaction& tx, const Uuid& payment_id);

boost::asio::awaitable<void> mark_reserved(db::Transaction& tx, const Uuid& payment_id,
                                           const std::string& user_id, Money total);
boost::asio::awaitable<void> save_state(db::Transaction& tx, const Uuid& payment_id,
                                        const PaymentState& state);

// FOR KEY SHARE: the supplier cannot be deleted before this transaction ends. False when missing.
boost::asio::awaitable<bool> lock_supplier(db::Transaction& tx, const Uuid& id);
// FOR NO KEY UPDATE (as movement_store does): the subtype cannot move to another type meanwhile.
// Its type, or nullopt when the subtype does not exist.
boost::asio::awaitable<std::optional<Uuid>> lock_subtype(db::Transaction& tx, const Uuid& id);
boost::asio::awaitable<bool> type_exists(db::Transaction& tx, const Uuid& id);

// `movement` carries payment_id, payment_line and reserved_amount.
boost::asio::awaitable<void> insert_movement(db::Transaction& tx, const MovementRecord& movement,
                                             const std::string& created_by);
// The payment's movements in line order, locked FOR UPDATE.
boost::asio::awaitable<std::vector<MovementRecord>> lock_movements(db::Transaction& tx,
                                                                   const Uuid& payment_id);
// Status, booked_amount and reserved_amount of a payment's movement; version + 1.
boost::asio::awaitable<void> update_movement_holding(db::Transaction& tx, const MovementRecord& movement);

struct StoredInvoice {
    Uuid id;
    std::string description;
    std::optional<std::string> receipt_url;
};

// The invoice linked to a movement (locked FOR UPDATE), if any.
boost::asio::awaitable<std::optional<StoredInvoice>> lock_invoice_of(db::Transaction& tx,
                                                                     const Uuid& movement_id);
boost::asio::awaitable<void> insert_invoice(db::Transaction& tx, const Uuid& movement_id,
                                            std::chrono::year_month_day date, const std::string& description,
                                            const std::optional<std::string>& receipt_url,
                                            const std::string& created_by);
// Description and receipt URL; the file stays; version + 1.
boost::asio::awaitable<void> rewrite_invoice(db::Transaction& tx, const Uuid& invoice_id,
                                             const std::string& description,
                                             const std::optional<std::string>& receipt_url);

}  // namespace bh::budget::payment_sql
