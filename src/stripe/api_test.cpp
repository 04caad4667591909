// What each typed call sends: the forms built from the request structs.
#include "stripe/api.h"

#include <gtest/gtest.h>

namespace bh::stripe {
namespace {

TEST(CustomerSearchQuery, QuotesAndEscapes) {
    EXPECT_EQ(customer_search_query("a@b.c"), "email:'a@b.c'");
    EXPECT_EQ(customer_search_query("o'neil\\x@b.c"), "email:'o\\'neil\\\\x@b.c'");
}

TEST(PaymentIntentForm, SendsOnlyWhatIsSet) {
    PaymentIntentCreate minimal;
    minimal.amount = 14760;
    minimal.currency = "eur";
    EXPECT_EQ(payment_intent_form(minimal), (Form{{"amount", "14760"}, {"currency", "eur"}}));

    PaymentIntentCreate full = minimal;
    full.customer = "cus_1";
    full.payment_method = "pm_1";
    full.receipt_email = "a@b.c";
    full.description = "Office chairs";
    full.metadata = {{"payment_id", "p1"}};
    full.payment_method_types = {"card", "sepa_debit"};
    full.automatic_payment_methods = true;  // types win
    EXPECT_EQ(payment_intent_form(full), (Form{{"amount", "14760"},
                                               {"currency", "eur"},
                                               {"customer", "cus_1"},
                                               {"payment_method", "pm_1"},
                                               {"receipt_email", "a@b.c"},
                                               {"description", "Office chairs"},
                                               {"metadata[payment_id]", "p1"},
                                               {"payment_method_types[0]", "card"},
                                               {"payment_method_types[1]", "sepa_debit"}}));
    full.payment_method_types.clear();
    EXPECT_EQ(payment_intent_form(full).back(), FormField("automatic_payment_methods[enabled]", "true"));
}

TEST(ConfirmForm, SendsOnlyWhatIsSet) {
    EXPECT_TRUE(confirm_form({}).empty());
    PaymentIntentConfirm confirm;
    confirm.return_url = "http://localhost:8080/payments/return";
    confirm.payment_method = "pm_1";
    EXPECT_EQ(confirm_form(confirm),
              (Form{{"return_url", "http://localhost:8080/payments/return"}, {"payment_method", "pm_1"}}));
}

TEST(RefundForm, FullOrPartial) {
    RefundCreate full;
    full.payment_intent = "pi_1";
    EXPECT_EQ(refund_form(full), (Form{{"payment_intent", "pi_1"}}));
    RefundCreate partial = full;
    partial.amount = 400;
    partial.metadata = {{"payment_id", "p1"}};
    EXPECT_EQ(refund_form(partial),
              (Form{{"payment_intent", "pi_1"}, {"amount", "400"}, {"metadata[payment_id]", "p1"}}));
}

TEST(CardTokenForm, UsesCardBrackets) {
    const CardDetails card{.number = "4242424242424242", .exp_month = 12, .exp_year = 2030, .cvc = "123"};
    EXPECT_EQ(card_token_form(card), (Form{{"card[number]", "4242424242424242"},
                                           {"card[exp_month]", "12"},
                                           {"card[exp_year]", "2030"},
                                           {"card[cvc]", "123"}}));
}

TEST(SepaPaymentMethodForm, IsAPaymentMethodOfTypeSepaDebit) {
    const SepaDetails sepa{.iban = "DE89370400440532013000", .account_holder_name = "Jane Doe", .email = ""};
    EXPECT_EQ(sepa_payment_method_form(sepa), (Form{{"type", "sepa_debit"},
                                                    {"sepa_debit[iban]", "DE89370400440532013000"},
                                                    {"billing_details[name]", "Jane Doe"}}));
}

TEST(CheckoutSessionForm, FlattensLineItemsAndMetadata) {
    CheckoutSessionCreate request;
    request.success_url = "http://localhost/s?session_id={CHECKOUT_SESSION_ID}";
    request.cancel_url = "http://localhost/c";
    request.customer = "cus_1";
    request.payment_method_types = {"card", "sepa_debit"};
    request.line_items = {
        CheckoutLineItem{.name = "Chairs",
                         .currency = "eur",
                         .unit_amount = 14760,
                         .product_metadata = {{"supplier_id", "s1"}},
                         .quantity = 1},
        CheckoutLineItem{
            .name = "Desk", .currency = "eur", .unit_amount = 5000, .product_metadata = {}, .quantity = 2}};
    request.receipt_email = "a@b.c";
    request.payment_intent_metadata = {{"payment_id", "p1"}};
    request.metadata = {{"payment_id", "p1"}};
    request.expires_at = 1700086400;
    const Form expected{{"mode", "payment"},
                        {"success_url", "http://localhost/s?session_id={CHECKOUT_SESSION_ID}"},
                        {"cancel_url", "http://localhost/c"},
                        {"customer", "cus_1"},
                        {"payment_method_types[0]", "card"},
                        {"payment_method_types[1]", "sepa_debit"},
                        {"line_items[0][price_data][currency]", "eur"},
                        {"line_items[0][price_data][unit_amount]", "14760"},
                        {"line_items[0][price_data][product_data][name]", "Chairs"},
                        {"line_items[0][price_data][product_data][metadata][supplier_id]", "s1"},
                        {"line_items[0][quantity]", "1"},
                        {"line_items[1][price_data][currency]", "eur"},
                        {"line_items[1][price_data][unit_amount]", "5000"},
                        {"line_items[1][price_data][product_data][name]", "Desk"},
                        {"line_items[1][quantity]", "2"},
                        {"payment_intent_data[receipt_email]", "a@b.c"},
                        {"payment_intent_data[metadata][payment_id]", "p1"},
                        {"metadata[payment_id]", "p1"},
                        {"expires_at", "1700086400"}};
    EXPECT_EQ(checkout_session_form(request), expected);
}

}  // namespace
}  // namespace bh::stripe
