#pragma once
// JSON of the payment contract (docs/dev/payment-contract.md), both directions, version 1:
//   the `budget.reserve` command and its reply, and the `payment.updated` event's payload.
// Readers throw AppError BadRequest naming every bad field (`lines[0].ivaRate`).
#include <boost/json/object.hpp>
#include <string>

#include "services/budget/payments/payment_reservations.h"

namespace bh::budget {

// Every field checked: version 1, UUIDs, 1..50 lines, money > 0 with at most two decimals, ivaRate
// 0..100 with at most two decimals, a date YYYY-MM-DD, description at most 2000 characters.
ReserveCommand read_reserve_command(const boost::json::object& body);

// The reply to a `budget.reserve`: RESERVED (total, movements), BUDGET_EXCEEDED, NOT_FOUND or
// INVALID (message, errors). `payment_id` is the id as the command spelled it (it may be invalid).
boost::json::object reserve_reply_json(const ReservationResult& result, const std::string& payment_id);

// The payload of a `payment.updated` event (version >= 1; unknown fields ignored).
PaymentUpdate read_payment_update(const boost::json::object& payload);

}  // namespace bh::budget
