// The money rules of a payment's movements: statuses, holdings, refund shares, invoices.
#include "services/budget/domain/payment_rules.h"

#include <algorithm>
#include <array>
#include <utility>

namespace bh::budget {

namespace {

using P = PaymentStatus;

bool is_charged(PaymentStatus status) {
    return status == P::Succeeded || status == P::PartiallyRefunded || status == P::Refunded;
}

}  // namespace

PaymentHolding reservation_holding(Money total) {
    return {MovementStatus::Accepted, total, total};
}

PaymentHolding payment_holding(PaymentStatus status, Money total, Money refund_share) {
    switch (status) {
        case P::Created:
        case P::RequiresAction:
            return reservation_holding(total);
        case P::Processing:
            return {MovementStatus::Processing, total, total};
        case P::Succeeded:
        case P::PartiallyRefunded:
            return {MovementStatus::Succeeded, total - std::clamp(refund_share, Money{}, total), Money{}};
        case P::Refunded:
            return {MovementStatus::Refunded, Money{}, Money{}};
        case P::Canceled:
            return {MovementStatus::Canceled, Money{}, Money{}};
        case P::Failed:
            return {MovementStatus::Failed, Money{}, Money{}};
    }
    return {MovementStatus::Canceled, Money{}, Money{}};
}

std::vector<Money> refund_shares(const std::vector<Money>& totals, Money refunded) {
    std::vector<Money> shares(totals.size());
    Money left = std::max(refunded, Money{});
    for (std::size_t i = totals.size(); i-- > 0 && left > Money{};) {
        shares[i] = std::min(left, std::max(totals[i], Money{}));
        left -= shares[i];
    }
    return shares;
}

std::optional<InvoiceExpectation> expected_invoice(PaymentStatus status, Money refunded,
                                                   const std::optional<std::string>& receipt_url) {
    if (!is_charged(status)) return std::nullopt;
    InvoiceExpectation expected;
    expected.refund = status != P::Succeeded || refunded > Money{};
    expected.create = receipt_url.has_value();
    expected.description =
        std::string(expected.refund ? kRefundInvoiceDescription : kChargeInvoiceDescription);
    expected.receipt_url = receipt_url;
    if (!expected.create && !expected.refund) return std::nullopt;
    return expected;
}

}  // namespace bh::budget
