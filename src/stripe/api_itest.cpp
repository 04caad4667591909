// Every request the typed calls send, against stripe-mock (STRIPE_API and STRIPE_SECRET_KEY from
// .run/endpoints.env).
// stripe-mock validates each request against Stripe's OpenAPI document and answers 400 for an
// unknown or malformed parameter (the last tests prove it does), so a call that succeeds here sends
// only what Stripe accepts. It is stateless: answers are fixtures, ids and amounts are not ours.
#include <gtest/gtest.h>

#include <boost/asio/thread_pool.hpp>

#include "stripe/api.h"
#include "stripe/errors.h"
#include "stripe/stripe_test_support.h"
#include "support/test_env.h"

namespace bh::stripe {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using testing::run;

ClientOptions stripe_mock_options() {
    ClientOptions options;
    options.base_url = bh::testing::require_env("STRIPE_API");
    options.secret_key = bh::testing::require_env("STRIPE_SECRET_KEY");
    options.api_version = "2026-08-26.clover";
    options.timeout = 5s;
    options.max_attempts = 2;
    options.retry_base_delay = 50ms;
    return options;
}

class StripeMockTest : public ::testing::Test {
  protected:
    std::string key(const std::string& what) { return bh::testing::unique_name("itest-" + what); }

    asio::io_context io_;
    asio::thread_pool pool_{2};
    Client client_{stripe_mock_options(), pool_};
};

TEST_F(StripeMockTest, CustomerSearchListAndCreateAreAccepted) {
    const Customer found =
        run(io_, find_or_create_customer(client_, "o'neil+pay@example.com", key("customer")));
    EXPECT_FALSE(found.id.empty());

    // The two other steps of find_or_create_customer, which stripe-mock's search answer skips.
    const Form list_query{{"email", "o'neil+pay@example.com"}, {"limit", "1"}};
    const auto list = run(io_, client_.get("/v1/customers", list_query));
    EXPECT_TRUE(list.at("data").is_array());
    const auto created =
        run(io_, client_.post("/v1/customers", customer_form("new@example.com"), key("create")));
    EXPECT_FALSE(parse_customer(created).id.empty());
}

TEST_F(StripeMockTest, PaymentIntentCreateRetrieveConfirmCancel) {
    PaymentIntentCreate request;
    request.amount = 14760;
    request.currency = "eur";
    request.customer = "cus_123";
    request.payment_method = "pm_123";
    request.receipt_email = "payer@example.com";
    request.description = "Office chairs";
    request.metadata = {{"payment_id", "0190f0e2-7b1a-7c3d-8e4f-5a6b7c8d9e0f"}, {"items", R"({"a":1})"}};
    request.payment_method_types = {"card", "sepa_debit"};
    const PaymentIntent created = run(io_, create_payment_intent(client_, request, key("intent")));
    EXPECT_FALSE(created.id.empty());
    EXPECT_FALSE(created.status.empty());
    EXPECT_EQ(created.amount, 14760);  // stripe-mock reflects the amount sent
    EXPECT_EQ(created.currency, "eur");

    const PaymentIntent retrieved = run(io_, retrieve_payment_intent(client_, created.id));
    EXPECT_EQ(retrieved.id, created.id);

    const PaymentIntentConfirm confirm{.return_url = "http://localhost:8080/payments/return",
                                       .payment_method = "pm_123"};
    const PaymentIntent confirmed =
        run(io_, confirm_payment_intent(client_, created.id, confirm, key("confirm")));
    EXPECT_EQ(confirmed.id, created.id);
    const PaymentIntent confirmed_plain =
        run(io_, confirm_payment_intent(client_, created.id, PaymentIntentConfirm{}, key("confirm")));
    EXPECT_EQ(confirmed_plain.id, created.id);

    const PaymentIntent canceled = run(io_, cancel_payment_intent(client_, created.id, key("cancel")));
    EXPECT_EQ(canceled.id, created.id);
}

TEST_F(StripeMockTest, PaymentIntentWithAutomaticPaymentMethodsAndNothingOptional) {
    PaymentIntentCreate automatic;
    automatic.amount = 100;
    automatic.currency = "eur";
    automatic.automatic_payment_methods = true;
    EXPECT_FALSE(run(io_, create_payment_intent(client_, automatic, key("intent"))).id.empty());

    PaymentIntentCreate minimal;
    minimal.amount = 1;
    minimal.currency = "eur";
    EXPECT_FALSE(run(io_, create_payment_intent(client_, minimal, key("intent"))).id.empty());
}

TEST_F(StripeMockTest, ChargeRetrieve) {
    const Charge charge = run(io_, retrieve_charge(client_, "ch_123"));
    EXPECT_EQ(charge.id, "ch_123");
    EXPECT_FALSE(charge.status.empty());
}

TEST_F(StripeMockTest, RefundFullAndPartial) {
    RefundCreate full;
    full.payment_intent = "pi_123";
    full.metadata = {{"payment_id", "p1"}};
    const Refund refunded = run(io_, create_refund(client_, full, key("refund")));
    EXPECT_FALSE(refunded.id.empty());
    EXPECT_FALSE(refunded.status.empty());

    RefundCreate partial = full;
    partial.amount = 400;
    const Refund partly = run(io_, create_refund(client_, partial, key("refund")));
    EXPECT_FALSE(partly.id.empty());
    EXPECT_EQ(partly.amount, 400);
}

TEST_F(StripeMockTest, CardToken) {
    const CardDetails card{.number = "4242424242424242", .exp_month = 12, .exp_year = 2030, .cvc = "123"};
    const CardToken token = run(io_, create_card_token(client_, card, key("card")));
    EXPECT_FALSE(token.id.empty());
    EXPECT_FALSE(token.brand.empty());
    EXPECT_EQ(token.last4.size(), 4U);
}

TEST_F(StripeMockTest, SepaPaymentMethod) {
    const SepaDetails sepa{
        .iban = "DE89370400440532013000", .account_holder_name = "Jane Doe", .email = "jane@example.com"};
    const PaymentMethod method = run(io_, create_sepa_payment_method(client_, sepa, key("sepa")));
    EXPECT_FALSE(method.id.empty());
    EXPECT_EQ(method.billing_name, "Jane Doe");

    // The SEPA method pays an intent like a card does.
    PaymentIntentCreate request;
    request.amount = 5000;
    request.currency = "eur";
    request.payment_method = method.id;
    request.payment_method_types = {"sepa_debit"};
    EXPECT_FALSE(run(io_, create_payment_intent(client_, request, key("intent"))).id.empty());
}

TEST_F(StripeMockTest, CheckoutSessionWithLineItemsAndMetadata) {
    CheckoutSessionCreate request;
    request.success_url = "http://localhost:8080/payments/success?session_id={CHECKOUT_SESSION_ID}";
    request.cancel_url = "http://localhost:8080/payments/cancel";
    request.customer = "cus_123";
    request.payment_method_types = {"card", "sepa_debit"};
    request.line_items = {
        CheckoutLineItem{.name = "Office chairs",
                         .currency = "eur",
                         .unit_amount = 14760,
                         .product_metadata = {{"supplier_id", "s1"}, {"budget_type_id", "b1"}},
                         .quantity = 1},
        CheckoutLineItem{.name = "Desk lamp ✓ & co",
                         .currency = "eur",
                         .unit_amount = 2500,
                         .product_metadata = {},
                         .quantity = 1}};
    request.receipt_email = "payer@example.com";
    request.payment_intent_metadata = {{"payment_id", "p1"}};
    request.payment_intent_description = "Office chairs";
    request.metadata = {{"payment_id", "p1"}};
    request.client_reference_id = "p1";
    request.expires_at = std::chrono::duration_cast<std::chrono::seconds>(
                             (std::chrono::system_clock::now() + 2h).time_since_epoch())
                             .count();
    const CheckoutSession created = run(io_, create_checkout_session(client_, request, key("checkout")));
    EXPECT_FALSE(created.id.empty());

    const CheckoutSession retrieved = run(io_, retrieve_checkout_session(client_, created.id));
    EXPECT_EQ(retrieved.id, created.id);
}

// The proof that the tests above mean something: stripe-mock refuses what Stripe would.
TEST_F(StripeMockTest, AnUnknownParameterIsABadRequest) {
    const Form form{{"amount", "100"}, {"currency", "eur"}, {"sepa_debit[iban]", "DE89370400440532013000"}};
    try {
        run(io_, client_.post("/v1/payment_intents", form, key("bad")));
        FAIL() << "stripe-mock accepted an unknown parameter";
    } catch (const StripeError& error) {
        EXPECT_EQ(error.kind(), ErrorKind::BadRequest);
        EXPECT_EQ(error.code(), errc::kInvalidRequest);
        EXPECT_EQ(error.http_status(), 400);
        EXPECT_EQ(error.type(), "invalid_request_error");
    }
}

TEST_F(StripeMockTest, SepaDebitIsNotATokenParameter) {
    const Form form{{"sepa_debit[iban]", "DE89370400440532013000"}};
    EXPECT_THROW(run(io_, client_.post("/v1/tokens", form, key("bad"))), StripeError);
}

TEST_F(StripeMockTest, AWrongKeyIsUnavailableAndNotShown) {
    auto options = stripe_mock_options();
    options.secret_key = "not_a_key_4242";
    Client wrong(options, pool_);
    try {
        run(io_, retrieve_charge(wrong, "ch_123"));
        FAIL() << "stripe-mock accepted a wrong key";
    } catch (const StripeError& error) {
        EXPECT_EQ(error.kind(), ErrorKind::Unavailable);
        EXPECT_EQ(error.code(), errc::kUnavailable);
        EXPECT_EQ(error.http_status(), 401);
        EXPECT_EQ(error.public_message().find("not_a_key_4242"), std::string::npos);
        EXPECT_EQ(error.detail().find("not_a_key_4242"), std::string::npos) << error.detail();
        EXPECT_EQ(error.stripe_message().find("not_a_key_4242"), std::string::npos);
    }
}

}  // namespace
}  // namespace bh::stripe
