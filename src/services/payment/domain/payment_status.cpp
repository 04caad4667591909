// The payment state machine: see payment_status.h.
#include "services/payment/domain/payment_status.h"

#include <array>
#include <utility>

namespace bh::payment {

namespace {

using S = PaymentStatus;

// How far along a payment is, for reconcile(): a report of an earlier stage changes nothing.
int stage(S status) {
    switch (status) {
        case S::Created:
            return 0;
        case S::RequiresAction:
            return 1;
        case S::Processing:
            return 2;
        case S::Succeeded:
            return 3;
        case S::PartiallyRefunded:
            return 4;
        case S::Refunded:
        case S::Canceled:
        case S::Failed:
            return 5;
    }
    return 5;
}

}  // namespace

bool is_final(PaymentStatus status) {
    return status == S::Canceled || status == S::Failed || status == S::Refunded;
}

bool is_legal_transition(PaymentStatus from, PaymentStatus to) {
    switch (from) {
        case S::Created:
            return to == S::RequiresAction || to == S::Processing || to == S::Succeeded ||
                   to == S::Canceled || to == S::Failed;
        case S::RequiresAction:
            return to == S::Created || to == S::Processing || to == S::Succeeded || to == S::Canceled ||
                   to == S::Failed;
        case S::Processing:
            return to == S::Created || to == S::Succeeded || to == S::Canceled || to == S::Failed;
        case S::Succeeded:
            return to == S::PartiallyRefunded || to == S::Refunded;
        case S::PartiallyRefunded:
            return to == S::PartiallyRefunded || to == S::Refunded;
        case S::Canceled:
        case S::Failed:
        case S::Refunded:
            return false;
    }
    return false;
}

bool is_paid(PaymentStatus status) {
    return status == S::Succeeded || status == S::PartiallyRefunded || status == S::Refunded;
}

std::optional<PaymentStatus> from_stripe_intent(std::string_view stripe_status) {
    if (stripe_status == "requires_payment_method" || stripe_status == "requires_confirmation")
        return S::Created;
    if (stripe_status == "requires_action") return S::RequiresAction;
    if (stripe_status == "processing" || stripe_status == "requires_capture") return S::Processing;
    if (stripe_status == "succeeded") return S::Succeeded;
    if (stripe_status == "canceled") return S::Canceled;
    return std::nullopt;
}

PaymentStatus status_after_refunds(Money amount, Money refunded) {
    if (refunded.is_zero() || refunded.is_negative()) return S::Succeeded;
    return refunded >= amount ? S::Refunded : S::PartiallyRefunded;
}

std::optional<PaymentStatus> reconcile(PaymentStatus ours, PaymentStatus reported) {
    if (ours == reported && ours != S::PartiallyRefunded) return std::nullopt;
    if (is_final(ours)) return std::nullopt;
    // Stripe sends an intent back to requires_payment_method when 3-D Secure or a SEPA debit failed:
    // a step back that the state machine allows; any other report of an earlier stage is stale.
    if (reported == S::Created) {
        return (ours == S::RequiresAction || ours == S::Processing) ? std::optional(reported) : std::nullopt;
    }
    if (stage(reported) < stage(ours)) return std::nullopt;
    if (!is_legal_transition(ours, reported)) return std::nullopt;
    return reported;
}

bool can_cancel(PaymentStatus status) {
    return status == S::Created || status == S::RequiresAction;
}

bool can_refund(PaymentStatus status) {
    return status == S::Succeeded || status == S::PartiallyRefunded;
}

bool can_confirm(PaymentStatus status) {
    return status == S::Created || status == S::RequiresAction;
}

}  // namespace bh::payment
