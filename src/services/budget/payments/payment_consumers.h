#pragma once
// The Kafka side of payments (docs/dev/payment-contract.md): thin adapters from bus messages to
// PaymentReservations.
//   <prefix>budget.reserve   (group budget-reservations)  command: answered with bus::reply() after
//                                                           the reservation committed
//   <prefix>payment.updated  (group budget-payments)      event: applied once, in sequence order
// A message that can never be applied (no reply-to, not an event, malformed payload) throws
// AppError BadRequest, which the consumer dead-letters without retrying; a database outage throws
// Unavailable, which it retries.
#include <boost/asio/awaitable.hpp>
#include <string>

#include "bus/message.h"
#include "bus/producer.h"
#include "contracts/payment_contract.h"
#include "services/budget/payments/payment_reservations.h"

namespace bh::budget {

inline constexpr const char* kReserveGroup = "budget-reservations";
inline constexpr const char* kPaymentUpdatesGroup = "budget-payments";

using contracts::payment_updated_topic;  // <prefix>payment.updated
using contracts::reserve_topic;          // <prefix>budget.reserve

// Reserves (or answers the stored reservation) and replies to the command's reply-to topic. An
// invalid command is answered INVALID without touching the database.
boost::asio::awaitable<void> on_reserve_command(PaymentReservations& reservations, bus::Producer& producer,
                                                const bus::Message& message);

// Applies a payment.updated event (other event types on the topic are skipped).
boost::asio::awaitable<UpdateOutcome> on_payment_updated(PaymentReservations& reservations,
                                                         const bus::Message& message);

}  // namespace bh::budget
