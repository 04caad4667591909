#pragma once
// What the payment flows need from Stripe, in our words: the port the flows are written against.
// StripeProvider (stripe_provider.cpp) implements it over src/stripe; a test may implement it in
// memory. Every call that changes something at Stripe takes the idempotency key the caller stored
// before the first attempt, so a retry after a crash or a lost answer never acts twice.
// Errors: AppError (stripe::StripeError): declines and refusals as client errors, Stripe down or
// misconfigured as Unavailable, the deadline as Timeout.
#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace bh::payment {

struct IntentView {
    std::string id;
    std::string status;  // Stripe's: requires_payment_method, requires_action, succeeded, ...
    std::int64_t amount = 0;
    std::int64_t amount_received = 0;
    std::string currency;
    std::optional<std::string> latest_charge;
    std::optional<std::string> last_error;  // last_payment_error.message
};

struct ChargeView {
    std::string id;
    std::string status;
    std::int64_t amount = 0;
    std::int64_t amount_refunded = 0;
    std::optional<std::string> receipt_url;
    std::optional<std::string> payment_intent;
};

struct RefundView {
    std::string id;
    std::string status;  // pending, succeeded, failed, canceled, requires_action
    std::int64_t amount = 0;
};

struct SessionView {
    std::string id;
    std::optional<std::string> url;
    std::string status;  // open, complete, expired
    std::optional<std::string> payment_intent;
};

struct CardTokenView {
    std::string id;
    std::string brand;
    std::string last4;
};

struct NewIntent {
    std::int64_t amount = 0;  // minor units
    std::string currency;
    std::string customer;
    std::optional<std::string> payment_method;
    std::string description;
    std::map<std::string, std::string> metadata;
};

struct SessionLine {
    std::string name;
    std::int64_t unit_amount = 0;  // minor units, IVA included
};

struct NewSession {
    std::string currency;
    std::string customer;
    std::string description;
    std::string success_url;
    std::string cancel_url;
    std::string payment_method_types;  // comma-separated
    std::vector<SessionLine> lines;
    std::map<std::string, std::string> metadata;
};

struct CardDetails {
    std::string number;
    std::int64_t exp_month = 0;
    std::int64_t exp_year = 0;
    std::string cvc;
};

struct SepaDetails {
    std::string iban;
    std::string holder_name;
    std::string holder_type;  // individual, company
    std::string email;
};

class PaymentProvider {
  public:
    virtual ~PaymentProvider() = default;

    // The customer with this e-mail, created when there is none.
    virtual boost::asio::awaitable<std::string> customer_for(std::string email,
                                                             std::string idempotency_key) = 0;
    virtual boost::asio::awaitable<IntentView> create_intent(NewIntent intent,
                                                             std::string idempotency_key) = 0;
    virtual boost::asio::awaitable<IntentView> retrieve_intent(std::string id) = 0;
    virtual boost::asio::awaitable<IntentView> confirm_intent(std::string id,
                                                              std::optional<std::string> payment_method,
                                                              std::string return_url,
                                                              std::string idempotency_key) = 0;
    virtual boost::asio::awaitable<IntentView> cancel_intent(std::string id, std::string idempotency_key) = 0;
    virtual boost::asio::awaitable<ChargeView> retrieve_charge(std::string id) = 0;
    // amount in minor units; the whole remainder when nullopt.
    virtual boost::asio::awaitable<RefundView> create_refund(std::string intent_id,
                                                             std::optional<std::int64_t> amount,
                                                             std::string idempotency_key) = 0;
    virtual boost::asio::awaitable<SessionView> create_session(NewSession session,
                                                               std::string idempotency_key) = 0;
    // Ends an open checkout session so that it can no longer be paid.
    virtual boost::asio::awaitable<SessionView> expire_session(std::string id,
                                                               std::string idempotency_key) = 0;
    virtual boost::asio::awaitable<CardTokenView> create_card_token(CardDetails card,
                                                                    std::string idempotency_key) = 0;
    // A reusable SEPA Direct Debit payment method (pm_...): Stripe's tokens API takes no IBAN.
    virtual boost::asio::awaitable<std::string> create_sepa_method(SepaDetails sepa,
                                                                   std::string idempotency_key) = 0;
};

}  // namespace bh::payment
