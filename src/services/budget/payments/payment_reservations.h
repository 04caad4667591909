#pragma once
// The budget's side of payments (docs/dev/payment-contract.md), free of Kafka and HTTP types:
//
//   reserve(command)   `budget.reserve`: one DEBIT ACCEPTED movement per line (document number
//                      PAY-<paymentId>-<n>), each holding its total as a reservation, all in one
//                      transaction through the funds ledger (a line that does not fit rolls back
//                      every line). Idempotent on the payment id: a repeat answers the stored
//                      reservation without booking again.
//   apply_update(u)    `payment.updated`: applied once per event id and only when its sequence is
//                      higher than the last one applied for the payment; moves every movement of
//                      the payment to the status and holding of payment_rules.h, and creates or
//                      rewrites their invoices. An update for a payment not reserved (yet) is
//                      remembered and applied when the reservation arrives.
//
// Both lock the payment's payment_reservations row first, then suppliers, subtypes and types in the
// ledger's fixed order, so any number of instances serialise per payment and never overspend.
// Movement events (movement.created / movement.updated) and threshold crossings go to the outbox in
// the same transaction, as for movements entered by hand.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/money.h"
#include "core/uuid.h"
#include "db/pool.h"
#include "services/budget/domain/funds.h"
#include "services/budget/domain/payment_rules.h"
#include "services/budget/ledger/movement_events.h"

namespace bh::budget {

inline constexpr std::size_t kMaxPaymentLines = 50;

struct ReserveLine {
    std::optional<Uuid> type_id;
    std::optional<Uuid> subtype_id;
    Uuid supplier_id;
    Money value_without_iva;                 // > 0, two decimals (validated by the codec)
    std::int64_t iva_rate_basis_points = 0;  // 0..10000
};

struct ReserveCommand {
    Uuid payment_id;
    std::string description;
    std::string user_id;
    std::chrono::year_month_day date_of_emission{};
    std::vector<ReserveLine> lines;  // 1..kMaxPaymentLines
    std::string traceparent;         // of the request, carried on the events it causes
};

enum class ReserveOutcome { Reserved, BudgetExceeded, NotFound, Invalid };

struct ReservedMovement {
    Uuid movement_id;
    std::string document_number;
    MovementAmounts amounts;
};

struct ReservationResult {
    ReserveOutcome outcome = ReserveOutcome::Invalid;
    Uuid payment_id;
    Money total;                              // Reserved
    std::vector<ReservedMovement> movements;  // Reserved, in line order
    std::string message;                      // the others
    std::vector<FieldError> errors;           // Invalid
    bool repeated = false;                    // Reserved: the stored reservation of an earlier command
};

struct PaymentUpdate {
    Uuid event_id;  // de-duplication key (the event-id header)
    Uuid payment_id;
    std::int64_t sequence = 0;
    PaymentStatus status = PaymentStatus::Created;
    Money amount;
    Money refunded_amount;  // cumulative
    std::optional<std::string> receipt_url;
    std::optional<std::chrono::system_clock::time_point> occurred_at;
    std::string traceparent;
};

enum class UpdateOutcome {
    Applied,     // the payment's movements now follow this state
    Duplicate,   // this event id was applied before
    Stale,       // a state with this or a higher sequence was applied before
    Remembered,  // no reservation for this payment (yet): the state waits for it
};

std::string_view to_string(UpdateOutcome outcome);

class PaymentReservations {
  public:
    // The consumer name under which applied payment.updated event ids are recorded.
    static constexpr const char* kUpdateConsumer = "budget-payments";

    PaymentReservations(db::Pool& pool, MovementEvents events) : pool_(pool), events_(std::move(events)) {}

    // Refusals (budget exceeded, unknown supplier or budget, inconsistent lines) are outcomes;
    // infrastructure failures (database unavailable) throw, and the command may be retried.
    boost::asio::awaitable<ReservationResult> reserve(const ReserveCommand& command);
    boost::asio::awaitable<UpdateOutcome> apply_update(const PaymentUpdate& update);

  private:
    db::Pool& pool_;
    MovementEvents events_;
};

}  // namespace bh::budget
