#pragma once
// The payment state machine (pure rules, no framework types):
//   CREATED -> REQUIRES_ACTION | PROCESSING | SUCCEEDED | CANCELED | FAILED
//   REQUIRES_ACTION -> CREATED (3-D Secure failed: another method may be tried) | PROCESSING |
//                      SUCCEEDED | CANCELED | FAILED
//   PROCESSING -> CREATED (a SEPA debit bounced) | SUCCEEDED | CANCELED | FAILED
//   SUCCEEDED -> PARTIALLY_REFUNDED | REFUNDED;  PARTIALLY_REFUNDED -> PARTIALLY_REFUNDED | REFUNDED
//   CANCELED, FAILED, REFUNDED: final.
// Stripe's own state is the truth: from_stripe_intent() maps a PaymentIntent's status onto ours and
// reconcile() decides what a retrieved intent changes.
#include <optional>
#include <string_view>

#include "contracts/payment_contract.h"
#include "core/money.h"

namespace bh::payment {

// The statuses and their names are the contract's (contracts/payment_contract.h); the rules are here.
using contracts::parse_payment_status;
using contracts::PaymentStatus;
using contracts::to_string;

bool is_final(PaymentStatus status);
// Staying in the same status is legal only for PARTIALLY_REFUNDED (a further partial refund).
bool is_legal_transition(PaymentStatus from, PaymentStatus to);
// Money was taken from the customer (and may be refunded).
bool is_paid(PaymentStatus status);

// requires_payment_method / requires_confirmation -> CREATED, requires_action -> REQUIRES_ACTION,
// processing / requires_capture -> PROCESSING, succeeded -> SUCCEEDED, canceled -> CANCELED.
std::optional<PaymentStatus> from_stripe_intent(std::string_view stripe_status);

// The status a paid payment has after `refunded` of `amount` went back: SUCCEEDED (nothing yet),
// PARTIALLY_REFUNDED or REFUNDED.
PaymentStatus status_after_refunds(Money amount, Money refunded);

// What a status reported by Stripe (or derived from its refunds) does to ours: the new status, or
// nullopt when ours is already there or further on (an old or repeated event changes nothing).
std::optional<PaymentStatus> reconcile(PaymentStatus ours, PaymentStatus reported);

// Cancel is allowed before any money moved (CREATED, REQUIRES_ACTION); refund once paid and not
// wholly refunded; confirm while CREATED or REQUIRES_ACTION.
bool can_cancel(PaymentStatus status);
bool can_refund(PaymentStatus status);
bool can_confirm(PaymentStatus status);

}  // namespace bh::payment
