// The money rules of a payment's movements (domain/payment_rules.h), one by one.
#include "services/budget/domain/payment_rules.h"

#include <gtest/gtest.h>

namespace bh::budget {
namespace {

Money m(const char* text) {
    return *Money::parse(text);
}

std::vector<Money> amounts(std::initializer_list<const char*> texts) {
    std::vector<Money> out;
    for (const char* text : texts) out.push_back(m(text));
    return out;
}

TEST(PaymentStatusNames, RoundTrip) {
    for (const char* name : {"CREATED", "REQUIRES_ACTION", "PROCESSING", "SUCCEEDED", "PARTIALLY_REFUNDED",
                             "REFUNDED", "CANCELED", "FAILED"}) {
        const auto status = parse_payment_status(name);
        ASSERT_TRUE(status) << name;
        EXPECT_EQ(to_string(*status), name);
    }
    EXPECT_FALSE(parse_payment_status("succeeded"));
    EXPECT_FALSE(parse_payment_status("REFUSED"));
}

TEST(PaymentHolding, FollowsTheContractTable) {
    using P = PaymentStatus;
    using S = MovementStatus;
    const Money total = m("147.60");
    EXPECT_EQ(reservation_holding(total), (PaymentHolding{S::Accepted, total, total}));
    EXPECT_EQ(payment_holding(P::Created, total, {}), (PaymentHolding{S::Accepted, total, total}));
    EXPECT_EQ(payment_holding(P::RequiresAction, total, {}), (PaymentHolding{S::Accepted, total, total}));
    EXPECT_EQ(payment_holding(P::Processing, total, {}), (PaymentHolding{S::Processing, total, total}));
    EXPECT_EQ(payment_holding(P::Succeeded, total, {}), (PaymentHolding{S::Succeeded, total, Money{}}));
    EXPECT_EQ(payment_holding(P::PartiallyRefunded, total, m("47.60")),
              (PaymentHolding{S::Succeeded, m("100"), Money{}}));
    // A share equal to the total: still SUCCEEDED, holding nothing.
    EXPECT_EQ(payment_holding(P::PartiallyRefunded, total, total), (PaymentHolding{S::Succeeded, {}, {}}));
    EXPECT_EQ(payment_holding(P::Refunded, total, total), (PaymentHolding{S::Refunded, {}, {}}));
    EXPECT_EQ(payment_holding(P::Canceled, total, {}), (PaymentHolding{S::Canceled, {}, {}}));
    EXPECT_EQ(payment_holding(P::Failed, total, {}), (PaymentHolding{S::Failed, {}, {}}));
    // A share outside 0..total never makes a holding negative or larger than the total.
    EXPECT_EQ(payment_holding(P::Succeeded, total, m("500")).booked, Money{});
    EXPECT_EQ(payment_holding(P::Succeeded, total, m("-5")).booked, total);
}

TEST(RefundShares, FromTheLastLineBackwards) {
    const auto totals = amounts({"10.00", "20.00", "30.00"});
    EXPECT_EQ(refund_shares(totals, m("0")), amounts({"0", "0", "0"}));
    EXPECT_EQ(refund_shares(totals, m("12.34")), amounts({"0", "0", "12.34"}));
    EXPECT_EQ(refund_shares(totals, m("30.00")), amounts({"0", "0", "30.00"}));
    EXPECT_EQ(refund_shares(totals, m("30.01")), amounts({"0", "0.01", "30.00"}));
    EXPECT_EQ(refund_shares(totals, m("55.00")), amounts({"5.00", "20.00", "30.00"}));
    EXPECT_EQ(refund_shares(totals, m("60.00")), amounts({"10.00", "20.00", "30.00"}));
    // Capped at the totals; a negative refund counts as none.
    EXPECT_EQ(refund_shares(totals, m("99.00")), amounts({"10.00", "20.00", "30.00"}));
    EXPECT_EQ(refund_shares(totals, m("-1")), amounts({"0", "0", "0"}));
    EXPECT_TRUE(refund_shares({}, m("5")).empty());
    // The same figure always gives the same shares (cumulative, not incremental).
    EXPECT_EQ(refund_shares(totals, m("35")), refund_shares(totals, m("35")));
}

TEST(RefundShares, SpentIsTotalMinusRefundedOverAllLines) {
    const auto totals = amounts({"0.07", "123.45", "9.99"});
    for (const char* refunded : {"0", "0.01", "9.99", "10.00", "100", "133.50", "133.51"}) {
        const auto shares = refund_shares(totals, m(refunded));
        Money spent;
        for (std::size_t i = 0; i < totals.size(); ++i) {
            spent += payment_holding(PaymentStatus::PartiallyRefunded, totals[i], shares[i]).booked;
        }
        EXPECT_EQ(spent, std::max(m("133.51") - m(refunded), Money{})) << refunded;
    }
}

TEST(ExpectedInvoice, ChargeWithReceiptThenRefund) {
    using P = PaymentStatus;
    const std::optional<std::string> url = "https://pay.stripe.com/receipts/1";
    for (auto status : {P::Created, P::RequiresAction, P::Processing, P::Canceled, P::Failed}) {
        EXPECT_FALSE(expected_invoice(status, {}, url)) << to_string(status);
    }
    const auto charged = expected_invoice(P::Succeeded, {}, url);
    ASSERT_TRUE(charged);
    EXPECT_TRUE(charged->create);
    EXPECT_FALSE(charged->refund);
    EXPECT_EQ(charged->description, kChargeInvoiceDescription);
    EXPECT_EQ(charged->receipt_url, url);
    // Charged without a receipt URL yet: nothing to do.
    EXPECT_FALSE(expected_invoice(P::Succeeded, {}, std::nullopt));

    const std::optional<std::string> refund_url = "https://pay.stripe.com/receipts/2";
    for (auto status : {P::PartiallyRefunded, P::Refunded}) {
        const auto refund = expected_invoice(status, m("5"), refund_url);
        ASSERT_TRUE(refund);
        EXPECT_TRUE(refund->refund);
        EXPECT_TRUE(refund->create);  // a movement never invoiced gets its invoice now
        EXPECT_EQ(refund->description, kRefundInvoiceDescription);
        EXPECT_EQ(refund->receipt_url, refund_url);
        // Without a new URL: the description changes, the stored URL stays; nothing is created.
        const auto bare = expected_invoice(status, m("5"), std::nullopt);
        ASSERT_TRUE(bare);
        EXPECT_TRUE(bare->refund);
        EXPECT_FALSE(bare->create);
        EXPECT_FALSE(bare->receipt_url);
    }
}

}  // namespace
}  // namespace bh::budget
