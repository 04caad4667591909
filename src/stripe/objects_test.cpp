// Parsing Stripe objects: full answers, missing and null members, expanded references.
#include "stripe/objects.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <cstdint>

namespace bh::stripe {
namespace {

boost::json::object parse(std::string_view text) {
    return boost::json::parse(text).as_object();
}

TEST(ParsePaymentIntent, ReadsEveryField) {
    const auto intent = parse_payment_intent(parse(R"({
        "id": "pi_1", "object": "payment_intent", "status": "requires_action", "amount": 14760,
        "amount_received": 0, "currency": "eur", "customer": "cus_1", "latest_charge": "ch_1",
        "client_secret": "pi_1_secret_x", "next_action": {"type": "redirect_to_url", "redirect_to_url": {}},
        "last_payment_error": {"message": "Your card was declined.", "code": "card_declined"},
        "metadata": {"payment_id": "p1", "n": 5}})"));
    EXPECT_EQ(intent.id, "pi_1");
    EXPECT_EQ(intent.status, "requires_action");
    EXPECT_EQ(intent.amount, 14760);
    EXPECT_EQ(intent.amount_received, 0);
    EXPECT_EQ(intent.currency, "eur");
    EXPECT_EQ(intent.customer, "cus_1");
    EXPECT_EQ(intent.latest_charge, "ch_1");
    EXPECT_EQ(intent.client_secret, "pi_1_secret_x");
    EXPECT_EQ(intent.next_action_type, "redirect_to_url");
    EXPECT_EQ(intent.last_error_message, "Your card was declined.");
    EXPECT_EQ(intent.metadata, (Metadata{{"payment_id", "p1"}}));  // non-strings skipped
}

TEST(ParsePaymentIntent, ToleratesNullsMissingAndExpandedMembers) {
    const auto intent = parse_payment_intent(parse(R"({"id": "pi_2", "status": "succeeded", "customer": null,
        "latest_charge": {"id": "ch_9", "object": "charge"}, "next_action": null, "last_payment_error": null,
        "metadata": null, "amount": 1.0e3})"));
    EXPECT_EQ(intent.customer, "");
    EXPECT_EQ(intent.latest_charge, "ch_9");
    EXPECT_EQ(intent.next_action_type, "");
    EXPECT_EQ(intent.last_error_message, "");
    EXPECT_TRUE(intent.metadata.empty());
    EXPECT_EQ(intent.amount, 1000);
    EXPECT_EQ(intent.amount_received, 0);
    EXPECT_EQ(intent.currency, "");
}

// Found by fuzz/stripe_objects (fuzz/regressions/stripe_objects/): a double amount outside int64's
// range was cast to int64 (undefined behaviour). It saturates; NaN (Boost.JSON reads 0e9999 so) is 0.
TEST(ParsePaymentIntent, AmountsBeyondInt64Saturate) {
    EXPECT_EQ(parse_payment_intent(parse(R"({"amount": 1e300})")).amount, INT64_MAX);
    EXPECT_EQ(parse_payment_intent(parse(R"({"amount": -1e300})")).amount, INT64_MIN);
    EXPECT_EQ(parse_payment_intent(parse(R"({"amount": 1e999})")).amount, INT64_MAX);
    EXPECT_EQ(parse_payment_intent(parse(R"({"amount": 9223372036854775808.0})")).amount, INT64_MAX);
    EXPECT_EQ(parse_payment_intent(parse(R"({"amount": -9223372036854775808.0})")).amount, INT64_MIN);
    boost::json::object nan{{"amount", std::nan("")}};
    EXPECT_EQ(parse_payment_intent(nan).amount, 0);
    EXPECT_EQ(parse_charge(parse(R"({"amount_refunded": 1e19})")).amount_refunded, INT64_MAX);
}

TEST(ParseCharge, ReadsEveryField) {
    const auto charge = parse_charge(parse(R"({"id": "ch_1", "status": "succeeded", "amount": 1000,
        "amount_refunded": 400, "refunded": false, "receipt_url": "https://pay.stripe.com/receipts/x",
        "receipt_email": "a@b.c", "payment_intent": "pi_1"})"));
    EXPECT_EQ(charge.id, "ch_1");
    EXPECT_EQ(charge.status, "succeeded");
    EXPECT_EQ(charge.amount, 1000);
    EXPECT_EQ(charge.amount_refunded, 400);
    EXPECT_FALSE(charge.refunded);
    EXPECT_EQ(charge.receipt_url, "https://pay.stripe.com/receipts/x");
    EXPECT_EQ(charge.receipt_email, "a@b.c");
    EXPECT_EQ(charge.payment_intent, "pi_1");
    const auto empty = parse_charge(parse(R"({"id": "ch_2", "receipt_url": null, "refunded": true})"));
    EXPECT_EQ(empty.receipt_url, "");
    EXPECT_TRUE(empty.refunded);
}

TEST(ParseRefund, ReadsEveryField) {
    const auto refund = parse_refund(parse(
        R"({"id": "re_1", "status": "succeeded", "amount": 400, "charge": "ch_1", "payment_intent": null})"));
    EXPECT_EQ(refund.id, "re_1");
    EXPECT_EQ(refund.status, "succeeded");
    EXPECT_EQ(refund.amount, 400);
    EXPECT_EQ(refund.charge, "ch_1");
    EXPECT_EQ(refund.payment_intent, "");
}

TEST(ParseCheckoutSession, ReadsEveryField) {
    const auto session =
        parse_checkout_session(parse(R"({"id": "cs_1", "url": "https://checkout.stripe.com/c/pay/cs_1",
        "status": "open", "payment_status": "unpaid", "payment_intent": null, "expires_at": 1700086400})"));
    EXPECT_EQ(session.id, "cs_1");
    EXPECT_EQ(session.url, "https://checkout.stripe.com/c/pay/cs_1");
    EXPECT_EQ(session.status, "open");
    EXPECT_EQ(session.payment_status, "unpaid");
    EXPECT_EQ(session.payment_intent, "");
    EXPECT_EQ(session.expires_at, 1700086400);
}

TEST(ParseCardToken, ReadsTheCard) {
    const auto token = parse_card_token(parse(
        R"({"id": "tok_1", "type": "card", "card": {"brand": "Visa", "last4": "4242", "exp_month": 12, "exp_year": 2030}})"));
    EXPECT_EQ(token.id, "tok_1");
    EXPECT_EQ(token.brand, "Visa");
    EXPECT_EQ(token.last4, "4242");
    EXPECT_EQ(token.exp_month, 12);
    EXPECT_EQ(token.exp_year, 2030);
    const auto bare = parse_card_token(parse(R"({"id": "tok_2", "card": null})"));
    EXPECT_EQ(bare.brand, "");
    EXPECT_EQ(bare.exp_month, 0);
}

TEST(ParsePaymentMethod, ReadsSepaDetails) {
    const auto method = parse_payment_method(parse(R"({"id": "pm_1", "type": "sepa_debit",
        "sepa_debit": {"last4": "3000", "country": "DE"}, "billing_details": {"name": "Jane Doe", "email": null}})"));
    EXPECT_EQ(method.id, "pm_1");
    EXPECT_EQ(method.type, "sepa_debit");
    EXPECT_EQ(method.last4, "3000");
    EXPECT_EQ(method.country, "DE");
    EXPECT_EQ(method.billing_name, "Jane Doe");
    EXPECT_EQ(method.billing_email, "");
}

TEST(ParseCustomer, ReadsIdAndEmail) {
    const auto customer = parse_customer(parse(R"({"id": "cus_1", "email": "a@b.c"})"));
    EXPECT_EQ(customer.id, "cus_1");
    EXPECT_EQ(customer.email, "a@b.c");
    EXPECT_EQ(parse_customer(parse(R"({"id": "cus_2", "email": null})")).email, "");
}

}  // namespace
}  // namespace bh::stripe
