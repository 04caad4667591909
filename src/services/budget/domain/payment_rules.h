#pragma once
// The money rules of a payment's movements (docs/dev/payment-contract.md), as pure functions:
//   - A reservation (`budget.reserve`) creates one DEBIT ACCEPTED movement per line that holds its
//     total as reserved: it counts against the budget like spending and is shown apart.
//   - Each `payment.updated` moves every movement of the payment with the payment's status:
//       CREATED, REQUIRES_ACTION      ACCEPTED     holds total, reserved
//       PROCESSING                    PROCESSING   holds total, reserved
//       SUCCEEDED, PARTIALLY_REFUNDED SUCCEEDED    holds total - its refund share, spent
//       REFUNDED                      REFUNDED     holds nothing
//       CANCELED / FAILED             CANCELED / FAILED  holds nothing
//   - The cumulative refundedAmount is shared out over the movements from the last line backwards,
//     so one figure always gives the same shares.
//   - Invoices: the first charged state with a receipt URL gives each movement an invoice; a refund
//     rewrites its description and receipt URL.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "contracts/payment_contract.h"
#include "core/money.h"
#include "services/budget/domain/movement_status.h"

namespace bh::budget {

// The statuses and their names are the contract's (contracts/payment_contract.h).
using contracts::parse_payment_status;
using contracts::PaymentStatus;
using contracts::to_string;

// What one movement of a payment is and holds.
struct PaymentHolding {
    MovementStatus status = MovementStatus::Accepted;
    Money booked;    // counted in spent (funds.h Booking::amount)
    Money reserved;  // the part of booked that is only reserved
    bool operator==(const PaymentHolding&) const = default;
};

// A line just reserved: ACCEPTED, holding its whole total as a reservation.
PaymentHolding reservation_holding(Money total);

// The movement of a payment in `status`, given its total and its share of the refunded amount.
PaymentHolding payment_holding(PaymentStatus status, Money total, Money refund_share);

// Each movement's share of `refunded` (cumulative), movements in line order: the last line takes
// first, up to its total, then the one before it, and so on. A refund above the sum of the totals
// is capped there; a negative one counts as zero.
std::vector<Money> refund_shares(const std::vector<Money>& totals, Money refunded);

inline constexpr std::string_view kChargeInvoiceDescription = "Charge from Stripe succeeded";
inline constexpr std::string_view kRefundInvoiceDescription = "Charge refund from Stripe succeeded";

// What a payment's movements' invoices should say in a state.
struct InvoiceExpectation {
    bool create = false;  // a movement without an invoice gets one (a charge with a receipt URL)
    bool refund = false;  // an existing invoice is rewritten as a refund
    std::string description;
    std::optional<std::string> receipt_url;  // nullopt on a refund: keep the stored one
};

// nullopt: the state says nothing about invoices (not charged).
std::optional<InvoiceExpectation> expected_invoice(PaymentStatus status, Money refunded,
                                                   const std::optional<std::string>& receipt_url);

}  // namespace bh::budget
