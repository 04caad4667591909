// The budget's side of payments: reservation (budget.reserve) and the payment's state changes
// (payment.updated), each one database transaction.
#include "services/budget/payments/payment_reservations.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "db/sql_error.h"
#include "db/transaction.h"
#include "outbox/processed_events.h"
#include "services/budget/errors.h"
#include "services/budget/ledger/funds_ledger.h"
#include "services/budget/payments/payment_repository.h"

namespace bh::budget {

namespace {

namespace asio = boost::asio;
namespace sql = payment_sql;
using std::string;

string line_field(std::size_t index, const char* field) {
    string name = "lines[" + std::to_string(index) + "].";
    name += field;
    return name;
}

string document_number(const Uuid& payment_id, std::size_t line) {
    string number = "PAY-" + payment_id.to_string();
    number += "-" + std::to_string(line);
    return number;
}

// The budget each line is booked on, with every supplier, subtype and type checked. Rows are locked
// in id order (suppliers, then subtypes), whatever the order of the lines, so two payments naming
// the same budgets in another order cannot deadlock each other.
asio::awaitable<std::vector<BudgetLink>> resolve_lines(db::Transaction& tx, const ReserveCommand& command) {
    std::set<Uuid> suppliers;
    std::set<Uuid> subtypes;
    std::set<Uuid> types;
    for (const auto& line : command.lines) {
        suppliers.insert(line.supplier_id);
        if (line.subtype_id) {
            subtypes.insert(*line.subtype_id);
        } else if (line.type_id) {
            types.insert(*line.type_id);
        }
    }
    for (const auto& id : suppliers) {
        const bool found = co_await sql::lock_supplier(tx, id);
        if (!found) throw supplier_not_found(id);
    }
    std::map<Uuid, Uuid> parent_of;
    for (const auto& id : subtypes) {
        const auto parent = co_await sql::lock_subtype(tx, id);
        if (!parent) throw budget_subtype_not_found(id);
        parent_of.emplace(id, *parent);
    }
    for (const auto& id : types) {
        const bool found = co_await sql::type_exists(tx, id);
        if (!found) throw budget_type_not_found(id);
    }
    std::vector<BudgetLink> links;
    std::vector<FieldError> errors;
    for (std::size_t i = 0; i < command.lines.size(); ++i) {
        const auto& line = command.lines[i];
        if (!line.subtype_id) {
            links.push_back({line.type_id, std::nullopt});
            continue;
        }
        const Uuid parent = parent_of.at(*line.subtype_id);
        if (line.type_id && *line.type_id != parent) {
            errors.push_back({line_field(i, "budgetTypeId"), "is not the type of the given budgetSubtypeId"});
        }
        links.push_back({parent, line.subtype_id});
    }
    if (!errors.empty()) {
        const string message = "Validation failed: " + errors.front().field + " " + errors.front().message;
        throw bad_request(message).with_fields(std::move(errors));
    }
    co_return links;
}

ReservedMovement reserved_movement(const MovementRecord& m) {
    return {m.id, m.document_number, m.amounts};
}

// The movement a crossing is reported with: the first one booked on the crossing budget.
Uuid movement_of(const ThresholdCrossing& crossing, const std::vector<MovementRecord>& movements) {
    for (const auto& m : movements) {
        const bool same = crossing.subtype_id ? m.link.subtype_id == crossing.subtype_id
                                              : !m.link.subtype_id && m.link.type_id == crossing.type_id;
        if (same) return m.id;
    }
    for (const auto& m : movements) {
        if (m.link.type_id == crossing.type_id) return m.id;
    }
    return movements.front().id;
}

asio::awaitable<void> report_crossings(db::Transaction& tx, const MovementEvents& events,
                                       const std::vector<ThresholdCrossing>& crossings,
                                       const std::vector<MovementRecord>& movements, const Actor& actor) {
    for (const auto& crossing : crossings) {
        const std::vector<ThresholdCrossing> one{crossing};
        const Uuid movement_id = movement_of(crossing, movements);
        co_await events.crossings(tx, one, movement_id, actor);
    }
}

std::chrono::year_month_day invoice_date(const sql::PaymentState& state, const MovementRecord& movement) {
    if (!state.occurred_at) return movement.date_of_emission;
    return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(*state.occurred_at)};
}

asio::awaitable<void> follow_invoices(db::Transaction& tx, const sql::PaymentState& state,
                                      const std::vector<MovementRecord>& movements, const string& user_id) {
    const auto expected = expected_invoice(state.status, state.refunded_amount, state.receipt_url);
    if (!expected) co_return;
    for (const auto& m : movements) {
        const auto stored = co_await sql::lock_invoice_of(tx, m.id);
        if (!stored) {
            if (expected->create) {
                co_await sql::insert_invoice(tx, m.id, invoice_date(state, m), expected->description,
                                             expected->receipt_url, user_id);
            }
            continue;
        }
        const bool new_url = expected->receipt_url && expected->receipt_url != stored->receipt_url;
        if (expected->refund && (stored->description != expected->description || new_url)) {
            co_await sql::rewrite_invoice(tx, stored->id, expected->description, expected->receipt_url);
        }
    }
}

// Moves every movement of the payment (locked, in line order) to what `state` says, booking the
// difference in one plan. Never refused: this is what the payment service reports as done, so a
// holding that grows (a payment charged after it had been released) is recorded even past the
// allocation (Ceiling::Record), with a warning.
asio::awaitable<void> follow_state(db::Transaction& tx, const MovementEvents& events,
                                   std::vector<MovementRecord>& movements, const sql::PaymentState& state,
                                   const Actor& actor) {
    std::vector<Money> totals;
    totals.reserve(movements.size());
    for (const auto& m : movements) totals.push_back(m.amounts.total_value);
    const auto shares = refund_shares(totals, state.refunded_amount);
    std::vector<Booking> released;
    std::vector<Booking> taken;
    bool grows = false;
    for (std::size_t i = 0; i < movements.size(); ++i) {
        auto& m = movements[i];
        const auto target = payment_holding(state.status, m.amounts.total_value, shares[i]);
        const PaymentHolding current{m.status, m.booked_amount, m.reserved_amount};
        if (target == current) continue;
        auto after = m;
        after.status = target.status;
        after.booked_amount = target.booked;
        after.reserved_amount = target.reserved;
        after.version = m.version + 1;
        grows = grows || target.booked > current.booked;
        co_await sql::update_movement_holding(tx, after);
        released.push_back({m.link, m.booked_amount, m.reserved_amount});
        taken.push_back({after.link, after.booked_amount, after.reserved_amount});
        co_await events.updated(tx, m, after, actor);
        m = std::move(after);
    }
    if (grows) {
        spdlog::warn(
            "budget: payment {} is {} again after its money was released; booked without a ceiling check",
            movements.front().payment_id->to_string(), to_string(state.status));
    }
    const auto plan = plan_funds(released, taken);
    const auto crossings = co_await apply_funds_plan(tx, plan, Ceiling::Record);
    co_await report_crossings(tx, events, crossings, movements, actor);
    co_await follow_invoices(tx, state, movements, actor.user_id);
}

asio::awaitable<ReservationResult> stored_reservation(db::Transaction& tx, const Uuid& payment_id) {
    const auto movements = co_await sql::lock_movements(tx, payment_id);
    ReservationResult result;
    result.outcome = ReserveOutcome::Reserved;
    result.payment_id = payment_id;
    result.repeated = true;
    for (const auto& m : movements) {
        result.total += m.amounts.total_value;
        result.movements.push_back(reserved_movement(m));
    }
    co_return result;
}

ReservationResult refusal(ReserveOutcome outcome, const Uuid& payment_id, string message,
                          std::vector<FieldError> errors = {}) {
    ReservationResult result;
    result.outcome = outcome;
    result.payment_id = payment_id;
    result.message = std::move(message);
    result.errors = std::move(errors);
    return result;
}

}  // namespace

std::string_view to_string(UpdateOutcome outcome) {
    switch (outcome) {
        case UpdateOutcome::Applied:
            return "applied";
        case UpdateOutcome::Duplicate:
            return "duplicate";
        case UpdateOutcome::Stale:
            return "stale";
        case UpdateOutcome::Remembered:
            return "remembered";
    }
    return "applied";
}

asio::awaitable<ReservationResult> PaymentReservations::reserve(const ReserveCommand& command) {
    if (command.lines.empty() || command.lines.size() > kMaxPaymentLines) {
        co_return refusal(ReserveOutcome::Invalid, command.payment_id, "lines: must hold 1 to 50 lines",
                          {{"lines", "must hold 1 to 50 lines"}});
    }
    const Actor actor{command.user_id, "", command.traceparent};
    std::optional<ReservationResult> refused;
    try {
        co_return co_await db::with_transaction(
            pool_, db::Isolation::ReadCommitted,
            [&](db::Transaction& tx) -> asio::awaitable<ReservationResult> {
                const auto reservation = co_await sql::lock_reservation(tx, command.payment_id);
                if (reservation.reserved) co_return co_await stored_reservation(tx, command.payment_id);

                const auto links = co_await resolve_lines(tx, command);
                std::vector<MovementRecord> movements;
                std::vector<Booking> bookings;
                ReservationResult result;
                result.outcome = ReserveOutcome::Reserved;
                result.payment_id = command.payment_id;
                for (std::size_t i = 0; i < command.lines.size(); ++i) {
                    const auto& line = command.lines[i];
                    MovementRecord m;
                    m.id = Uuid::v7();
                    m.kind = MovementKind::Debit;
                    m.document_number = document_number(command.payment_id, i + 1);
                    m.date_of_emission = command.date_of_emission;
                    m.description = command.description;
                    m.amounts = compute_amounts(line.value_without_iva, line.iva_rate_basis_points);
                    const auto holding = reservation_holding(m.amounts.total_value);
                    m.status = holding.status;
                    m.booked_amount = holding.booked;
                    m.reserved_amount = holding.reserved;
                    m.supplier_id = line.supplier_id;
                    m.link = links[i];
                    m.payment_id = command.payment_id;
                    m.payment_line = static_cast<std::int32_t>(i + 1);
                    co_await sql::insert_movement(tx, m, command.user_id);
                    bookings.push_back({m.link, m.booked_amount, m.reserved_amount});
                    result.total += m.amounts.total_value;
                    result.movements.push_back(reserved_movement(m));
                    movements.push_back(std::move(m));
                }
                const std::vector<Booking> nothing;
                const auto plan = plan_funds(nothing, bookings);
                const auto crossings = co_await apply_funds_plan(tx, plan, Ceiling::Enforce);
                for (const auto& m : movements) co_await events_.created(tx, m, actor);
                co_await report_crossings(tx, events_, crossings, movements, actor);
                co_await sql::mark_reserved(tx, command.payment_id, command.user_id, result.total);
                // A payment.updated that arrived before this command: the movements follow it now.
                if (reservation.state)
                    co_await follow_state(tx, events_, movements, *reservation.state, actor);
                co_return result;
            });
    } catch (const db::DbError& e) {
        // The refusal is returned after the handlers: no coroutine statement inside a catch block.
        if (e.is_unique_violation()) {
            refused = refusal(ReserveOutcome::Invalid, command.payment_id,
                              "A movement with a document number PAY-" + command.payment_id.to_string() +
                                  "-<n> already exists");
        } else if (e.is_foreign_key_violation()) {
            refused = refusal(ReserveOutcome::NotFound, command.payment_id,
                              "A referenced supplier or budget no longer exists");
        } else {
            throw;
        }
    } catch (const AppError& e) {
        if (e.code() == code::kBudgetExceeded) {
            refused = refusal(ReserveOutcome::BudgetExceeded, command.payment_id, e.public_message());
        } else if (e.kind() == ErrorKind::NotFound) {
            refused = refusal(ReserveOutcome::NotFound, command.payment_id, e.public_message());
        } else if (e.kind() == ErrorKind::BadRequest) {
            refused =
                refusal(ReserveOutcome::Invalid, command.payment_id, e.public_message(), e.field_errors());
        } else {
            throw;
        }
    }
    co_return std::move(*refused);
}

asio::awaitable<UpdateOutcome> PaymentReservations::apply_update(const PaymentUpdate& update) {
    UpdateOutcome outcome = UpdateOutcome::Applied;
    co_await db::with_transaction(
        pool_, db::Isolation::ReadCommitted, [&](db::Transaction& tx) -> asio::awaitable<void> {
            const bool first = co_await outbox::first_time(tx, kUpdateConsumer, update.event_id);
            if (!first) {
                outcome = UpdateOutcome::Duplicate;
                co_return;
            }
            const auto reservation = co_await sql::lock_reservation(tx, update.payment_id);
            if (reservation.state && update.sequence <= reservation.state->sequence) {
                outcome = UpdateOutcome::Stale;
                co_return;
            }
            const sql::PaymentState state{update.sequence, update.status, update.refunded_amount,
                                          update.receipt_url, update.occurred_at};
            co_await sql::save_state(tx, update.payment_id, state);
            if (!reservation.reserved) {
                outcome = UpdateOutcome::Remembered;
                co_return;
            }
            auto movements = co_await sql::lock_movements(tx, update.payment_id);
            outcome = UpdateOutcome::Applied;
            if (movements.empty()) co_return;  // its budget rows were deleted with their movements
            Money total;
            for (const auto& m : movements) total += m.amounts.total_value;
            if (total != update.amount) {
                spdlog::warn("budget: payment {} reports amount {} but reserved {}",
                             update.payment_id.to_string(), update.amount.to_string(), total.to_string());
            }
            const Actor actor{reservation.user_id.value_or(""), "", update.traceparent};
            co_await follow_state(tx, events_, movements, state, actor);
        });
    co_return outcome;
}

}  // namespace bh::budget
