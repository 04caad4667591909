#pragma once
// The Stripe calls the payment service makes, each a thin function over Client: a request struct
// becomes a form (the *_form functions, public so tests can read what is sent), the answer one of
// the structs of objects.h. Failures are StripeError (errors.h).
//
// Optional request fields are sent only when set: Stripe's test doubles do not all accept all of
// them. stripe-mock accepts every form built here (api_itest.cpp). localstripe (checked against its
// source and a running instance) refuses receipt_email, description and automatic_payment_methods
// on a PaymentIntent, return_url and payment_method on a confirm, and has no customer search
// (find_or_create_customer falls back to the list) and no checkout sessions.
//
// SEPA: Stripe's /v1/tokens accepts no `sepa_debit` (only card, bank_account, pii, account, person,
// cvc_update); the SEPA path is a PaymentMethod: POST /v1/payment_methods with type=sepa_debit,
// sepa_debit[iban] and billing_details[name] (and [email]), which Stripe, stripe-mock and localstripe
// all accept. Its pm_... id is used as a PaymentIntent's payment_method.
//
// g++ 12: name a request struct before awaiting a call that takes it (docs/dev/gcc12-coroutines.md):
//   const PaymentIntentCreate request{...};  co_await create_payment_intent(client, request, key);
#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stripe/client.h"
#include "stripe/form.h"
#include "stripe/objects.h"

namespace bh::stripe {

// ---- requests ----

struct PaymentIntentCreate {
    std::int64_t amount = 0;     // minor units (cents), > 0
    std::string currency;        // "eur"
    std::string customer;        // cus_... (optional)
    std::string payment_method;  // pm_..., tok_... or card_... (optional; needed to confirm)
    std::string receipt_email;   // optional
    std::string description;     // optional
    Metadata metadata;           // optional
    // payment_method_types[] when not empty; otherwise automatic_payment_methods[enabled]=true when
    // asked; otherwise neither (Stripe's default for the account).
    std::vector<std::string> payment_method_types;
    bool automatic_payment_methods = false;
};

struct PaymentIntentConfirm {
    std::string return_url;      // where 3-D Secure sends the customer back (optional)
    std::string payment_method;  // optional: the intent's own otherwise
};

struct RefundCreate {
    std::string payment_intent;          // pi_...
    std::optional<std::int64_t> amount;  // minor units; nullopt = what is left (full refund)
    Metadata metadata;
};

// Raw card data (Stripe's test cards in tests). Never logged: the client never logs forms.
struct CardDetails {
    std::string number;
    int exp_month = 0;
    int exp_year = 0;  // four digits
    std::string cvc;
};

struct SepaDetails {
    std::string iban;
    std::string account_holder_name;  // billing_details[name], which Stripe requires for SEPA
    std::string email;                // billing_details[email] (optional)
};

struct CheckoutLineItem {
    std::string name;  // product_data[name]
    std::string currency;
    std::int64_t unit_amount = 0;  // minor units
    Metadata product_metadata;     // product_data[metadata]
    int quantity = 1;
};

struct CheckoutSessionCreate {
    std::string success_url;  // may hold {CHECKOUT_SESSION_ID}
    std::string cancel_url;
    std::string customer;                           // cus_... (optional)
    std::vector<std::string> payment_method_types;  // "card", "sepa_debit" (optional)
    std::vector<CheckoutLineItem> line_items;
    std::string receipt_email;               // payment_intent_data[receipt_email] (optional)
    Metadata payment_intent_metadata;        // payment_intent_data[metadata]
    std::string payment_intent_description;  // payment_intent_data[description] (optional)
    Metadata metadata;                       // the session's own
    std::string client_reference_id;         // optional
    std::optional<std::int64_t> expires_at;  // unix seconds, 30 min to 24 h ahead (optional)
};

// ---- forms (what each call sends) ----

// Stripe's search query for an email: email:'<email>' (quotes and backslashes escaped).
std::string customer_search_query(std::string_view email);
Form customer_form(const std::string& email);
Form payment_intent_form(const PaymentIntentCreate& request);
Form confirm_form(const PaymentIntentConfirm& request);
Form refund_form(const RefundCreate& request);
Form card_token_form(const CardDetails& card);
Form sepa_payment_method_form(const SepaDetails& sepa);
Form checkout_session_form(const CheckoutSessionCreate& request);

// ---- calls ----

// The first customer with this email, else a new one (POST with `idempotency_key`). Looks with
// GET /v1/customers/search?query=email:'...'; when that answers 404 (test doubles without search),
// with GET /v1/customers?email=...&limit=1.
boost::asio::awaitable<Customer> find_or_create_customer(Client& client, std::string email,
                                                         std::string idempotency_key);

boost::asio::awaitable<PaymentIntent> create_payment_intent(Client& client, PaymentIntentCreate request,
                                                            std::string idempotency_key);
boost::asio::awaitable<PaymentIntent> retrieve_payment_intent(Client& client, std::string id);
boost::asio::awaitable<PaymentIntent> confirm_payment_intent(Client& client, std::string id,
                                                             PaymentIntentConfirm request,
                                                             std::string idempotency_key);
boost::asio::awaitable<PaymentIntent> cancel_payment_intent(Client& client, std::string id,
                                                            std::string idempotency_key);

boost::asio::awaitable<Charge> retrieve_charge(Client& client, std::string id);

boost::asio::awaitable<Refund> create_refund(Client& client, RefundCreate request,
                                             std::string idempotency_key);

// POST /v1/tokens with card[number], card[exp_month], card[exp_year], card[cvc].
boost::asio::awaitable<CardToken> create_card_token(Client& client, CardDetails card,
                                                    std::string idempotency_key);
// POST /v1/payment_methods type=sepa_debit (see the note at the top).
boost::asio::awaitable<PaymentMethod> create_sepa_payment_method(Client& client, SepaDetails sepa,
                                                                 std::string idempotency_key);

// POST /v1/checkout/sessions, mode=payment.
boost::asio::awaitable<CheckoutSession> create_checkout_session(Client& client, CheckoutSessionCreate request,
                                                                std::string idempotency_key);
boost::asio::awaitable<CheckoutSession> retrieve_checkout_session(Client& client, std::string id);

}  // namespace bh::stripe
