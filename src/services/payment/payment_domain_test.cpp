// Unit tests of the payment rules without servers: the state machine and Stripe's statuses, items
// into reservation lines, the budget service's reservation reply, and payment.updated.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "services/payment/budget_reservations.h"
#include "services/payment/domain/payment_items.h"
#include "services/payment/domain/payment_status.h"
#include "services/payment/payment_events.h"

namespace bh::payment {
namespace {

using S = PaymentStatus;

TEST(PaymentStatus, NamesRoundTrip) {
    for (auto status : {S::Created, S::RequiresAction, S::Processing, S::Succeeded, S::Canceled, S::Failed,
                        S::PartiallyRefunded, S::Refunded}) {
        EXPECT_EQ(parse_payment_status(to_string(status)), status);
    }
    EXPECT_FALSE(parse_payment_status("succeeded"));
}

TEST(PaymentStatus, FinalStatesNeverMove) {
    for (auto final_status : {S::Canceled, S::Failed, S::Refunded}) {
        EXPECT_TRUE(is_final(final_status));
        for (auto to : {S::Created, S::Succeeded, S::Canceled, S::Refunded}) {
            EXPECT_FALSE(is_legal_transition(final_status, to));
            EXPECT_FALSE(reconcile(final_status, to));
        }
    }
}

TEST(PaymentStatus, StripeStatusesMapOntoOurs) {
    EXPECT_EQ(from_stripe_intent("requires_payment_method"), S::Created);
    EXPECT_EQ(from_stripe_intent("requires_confirmation"), S::Created);
    EXPECT_EQ(from_stripe_intent("requires_action"), S::RequiresAction);
    EXPECT_EQ(from_stripe_intent("processing"), S::Processing);
    EXPECT_EQ(from_stripe_intent("succeeded"), S::Succeeded);
    EXPECT_EQ(from_stripe_intent("canceled"), S::Canceled);
    EXPECT_FALSE(from_stripe_intent("weird"));
}

TEST(PaymentStatus, ReconcileIgnoresStaleAndRepeatedReports) {
    EXPECT_EQ(reconcile(S::Created, S::Succeeded), S::Succeeded);
    EXPECT_EQ(reconcile(S::Processing, S::Succeeded), S::Succeeded);
    EXPECT_FALSE(reconcile(S::Succeeded, S::Succeeded));   // a repeated success spends nothing again
    EXPECT_FALSE(reconcile(S::Succeeded, S::Processing));  // an old event after a newer one
    EXPECT_FALSE(reconcile(S::Succeeded, S::Created));
    EXPECT_FALSE(reconcile(S::Succeeded, S::Canceled));  // paid money is refunded, never canceled
    EXPECT_EQ(reconcile(S::RequiresAction, S::Created), S::Created);  // 3-D Secure failed
    EXPECT_EQ(reconcile(S::Processing, S::Created), S::Created);      // a SEPA debit bounced
    EXPECT_EQ(reconcile(S::Created, S::Canceled), S::Canceled);
    EXPECT_EQ(reconcile(S::Succeeded, S::Refunded), S::Refunded);
    EXPECT_EQ(reconcile(S::PartiallyRefunded, S::PartiallyRefunded), S::PartiallyRefunded);
}

TEST(PaymentStatus, RefundsDecideTheStatus) {
    const auto amount = Money::from_cents(10'000);
    EXPECT_EQ(status_after_refunds(amount, Money()), S::Succeeded);
    EXPECT_EQ(status_after_refunds(amount, Money::from_cents(1)), S::PartiallyRefunded);
    EXPECT_EQ(status_after_refunds(amount, Money::from_cents(9'999)), S::PartiallyRefunded);
    EXPECT_EQ(status_after_refunds(amount, amount), S::Refunded);
}

TEST(PaymentStatus, CommandsAllowedByState) {
    EXPECT_TRUE(can_cancel(S::Created));
    EXPECT_TRUE(can_cancel(S::RequiresAction));
    EXPECT_FALSE(can_cancel(S::Processing));
    EXPECT_FALSE(can_cancel(S::Succeeded));
    EXPECT_TRUE(can_refund(S::Succeeded));
    EXPECT_TRUE(can_refund(S::PartiallyRefunded));
    EXPECT_FALSE(can_refund(S::Refunded));
    EXPECT_FALSE(can_refund(S::Created));
    EXPECT_TRUE(can_confirm(S::Created));
    EXPECT_FALSE(can_confirm(S::Canceled));
}

TEST(PaymentItems, ItemsSharingBudgetSupplierAndRateBecomeOneLine) {
    const auto subtype = *Uuid::parse("0190a000-0000-7000-8000-000000000001");
    const auto type = *Uuid::parse("0190a000-0000-7000-8000-000000000002");
    const auto supplier_a = *Uuid::parse("0190a000-0000-7000-8000-00000000000a");
    const auto supplier_b = *Uuid::parse("0190a000-0000-7000-8000-00000000000b");
    const std::vector<PaymentItem> items = {
        {"chairs", Money::from_cents(10'000), std::nullopt, subtype, supplier_a, 2300},
        {"desks", Money::from_cents(5'050), std::nullopt, subtype, supplier_a, 2300},
        {"lamps", Money::from_cents(1'000), std::nullopt, subtype, supplier_a, 600},  // another rate
        {"paper", Money::from_cents(700), type, std::nullopt, supplier_b, 2300},
        {"both", Money::from_cents(300), type, subtype, supplier_a, 2300},  // keeps both ids
    };
    const auto lines = reservation_lines(items);
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(lines[0].value_without_iva, Money::from_cents(15'050));
    EXPECT_EQ(lines[0].budget_subtype_id, subtype);
    EXPECT_EQ(lines[1].iva_rate_basis_points, 600);
    EXPECT_EQ(lines[2].budget_type_id, type);
    EXPECT_EQ(lines[2].supplier_id, supplier_b);
    EXPECT_EQ(lines[3].budget_type_id, type);
    EXPECT_EQ(lines[3].budget_subtype_id, subtype);
}

TEST(PaymentItems, OnlyCentCurrencies) {
    EXPECT_TRUE(is_supported_currency("eur"));
    EXPECT_TRUE(is_supported_currency("usd"));
    EXPECT_FALSE(is_supported_currency("jpy"));  // zero-decimal
    EXPECT_FALSE(is_supported_currency("kwd"));  // three-decimal
    EXPECT_FALSE(is_supported_currency("EUR"));
    EXPECT_FALSE(is_supported_currency("eu"));
    EXPECT_EQ(to_minor_units(Money::from_cents(12'345)), 12'345);
}

TEST(Reservation, PayloadFollowsTheContract) {
    ReservationRequest request{*Uuid::parse("0190a000-0000-7000-8000-0000000000ff"),
                               "Chairs",
                               *Uuid::parse("0190a000-0000-7000-8000-0000000000ee"),
                               "2026-12-05",
                               {}};
    request.lines.push_back({std::nullopt, Uuid::parse("0190a000-0000-7000-8000-000000000001"),
                             *Uuid::parse("0190a000-0000-7000-8000-00000000000a"), 2300,
                             Money::from_cents(12'000)});
    const auto payload = boost::json::parse(reservation_payload(request)).as_object();
    EXPECT_EQ(payload.at("version").as_int64(), 1);
    EXPECT_EQ(payload.at("paymentId").as_string(), "0190a000-0000-7000-8000-0000000000ff");
    const auto& line = payload.at("lines").as_array().at(0).as_object();
    EXPECT_TRUE(line.at("budgetTypeId").is_null());
    EXPECT_EQ(line.at("valueWithoutIva").as_double(), 120.0);
    EXPECT_EQ(line.at("ivaRate").as_double(), 23.0);
}

TEST(Reservation, RepliesBecomeTotalsOrTypedErrors) {
    const auto reserved = read_reservation_reply(
        R"({"version":1,"outcome":"RESERVED","total":147.60,"movements":[{"movementId":"x"}]})");
    EXPECT_EQ(reserved.total, Money::from_cents(14'760));
    EXPECT_EQ(reserved.movements.size(), 1u);
    auto kind_of = [](std::string_view reply) {
        try {
            read_reservation_reply(reply);
        } catch (const AppError& e) {
            return std::pair(e.kind(), e.code());
        }
        return std::pair(ErrorKind::Internal, std::string("no error"));
    };
    EXPECT_EQ(kind_of(R"({"outcome":"BUDGET_EXCEEDED","message":"m"})"),
              std::pair(ErrorKind::BadRequest, std::string("BUDGET_EXCEEDED")));
    EXPECT_EQ(kind_of(R"({"outcome":"NOT_FOUND","message":"m"})").first, ErrorKind::NotFound);
    EXPECT_EQ(kind_of(R"({"outcome":"INVALID","errors":[{"field":"lines[0].ivaRate","message":"m"}]})").first,
              ErrorKind::BadRequest);
    EXPECT_EQ(kind_of(R"({"outcome":"RESERVED","total":0,"movements":[]})").first, ErrorKind::Unavailable);
    EXPECT_EQ(kind_of("not json").first, ErrorKind::Unavailable);
    EXPECT_EQ(kind_of(R"({"outcome":"SOMETHING"})").first, ErrorKind::Unavailable);
}

TEST(PaymentEvents, UpdatedCarriesTheWholeState) {
    PaymentRecord payment;
    payment.id = *Uuid::parse("0190a000-0000-7000-8000-0000000000ff");
    payment.status = S::PartiallyRefunded;
    payment.sequence = 7;
    payment.amount = Money::from_cents(14'760);
    payment.refunded_amount = Money::from_cents(1'000);
    payment.currency = "eur";
    payment.stripe_intent_id = "pi_1";
    const auto event = boost::json::parse(payment_updated_payload(payment, {})).as_object();
    EXPECT_EQ(event.at("sequence").as_int64(), 7);
    EXPECT_EQ(event.at("status").as_string(), "PARTIALLY_REFUNDED");
    EXPECT_EQ(event.at("amount").as_double(), 147.6);
    EXPECT_EQ(event.at("refundedAmount").as_double(), 10.0);
    EXPECT_TRUE(event.at("receiptUrl").is_null());
    EXPECT_EQ(event.at("stripePaymentIntentId").as_string(), "pi_1");
}

}  // namespace
}  // namespace bh::payment
