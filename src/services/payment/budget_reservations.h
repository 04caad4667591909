#pragma once
// The budget service's side of a payment, asked over Kafka request/reply (docs/dev/payment-contract.md,
// command `budget.reserve`): the amount is reserved on the budgets in the budget service's own
// transaction, and its answer says how much to charge (IVA computed there, once). Bounded by a
// deadline: past it, AppError Timeout (504) — the command is idempotent on the payment id, so asking
// again answers the same reservation.
#include <boost/asio/awaitable.hpp>
#include <boost/json/array.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "bus/request_reply.h"
#include "core/error.h"
#include "core/money.h"
#include "core/uuid.h"
#include "services/payment/domain/payment_items.h"

namespace bh::payment {

struct ReservationRequest {
    Uuid payment_id;
    std::string description;
    Uuid user_id;
    std::string date_of_emission;  // YYYY-MM-DD
    std::vector<ReservationLine> lines;
};

struct Reservation {
    Money total;                   // what to charge, IVA included
    boost::json::array movements;  // as the budget service answered them
};

// The request's payload (pure, unit-tested) and the reply's reading: RESERVED gives the
// reservation; BUDGET_EXCEEDED → 400 BUDGET_EXCEEDED, NOT_FOUND → 404, INVALID → 400 with its
// field errors, anything else → 502.
std::string reservation_payload(const ReservationRequest& request);
Reservation read_reservation_reply(std::string_view payload);

class BudgetReservations {
  public:
    BudgetReservations(bus::RequestReply& request_reply, std::string topic,
                       std::chrono::milliseconds timeout);

    boost::asio::awaitable<Reservation> reserve(const ReservationRequest& request);

  private:
    bus::RequestReply& request_reply_;
    std::string topic_;
    std::chrono::milliseconds timeout_;
};

}  // namespace bh::payment
