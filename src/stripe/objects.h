#pragma once
// The Stripe objects the payment service reads, as small structs parsed from Stripe's JSON. Parsing
// tolerates what Stripe (or a test double) leaves out: a missing or null string is "", a missing
// number 0, a missing flag false. A field that Stripe may expand into an object (customer,
// latest_charge, payment_intent, charge) gives the object's id either way.
#include <boost/json/fwd.hpp>
#include <cstdint>
#include <string>

#include "stripe/form.h"

namespace bh::stripe {

struct Customer {
    std::string id;  // cus_...
    std::string email;
};

struct PaymentIntent {
    std::string id;           // pi_...
    std::string status;       // requires_payment_method, requires_confirmation, requires_action,
                              // processing, requires_capture, canceled, succeeded
    std::int64_t amount = 0;  // minor units
    std::int64_t amount_received = 0;
    std::string currency;  // "eur"
    std::string customer;
    std::string latest_charge;       // ch_... ("" before the first charge)
    std::string client_secret;       // for the browser (Stripe.js); never logged
    std::string next_action_type;    // "redirect_to_url", "use_stripe_sdk", ... ("" when none)
    std::string last_error_message;  // last_payment_error.message ("" when none)
    Metadata metadata;               // string values only (others are skipped)
};

struct Charge {
    std::string id;      // ch_...
    std::string status;  // succeeded, pending, failed
    std::int64_t amount = 0;
    std::int64_t amount_refunded = 0;
    bool refunded = false;  // fully refunded
    std::string receipt_url;
    std::string receipt_email;
    std::string payment_intent;
};

struct Refund {
    std::string id;      // re_...
    std::string status;  // pending, requires_action, succeeded, failed, canceled
    std::int64_t amount = 0;
    std::string charge;
    std::string payment_intent;
};

struct CheckoutSession {
    std::string id;               // cs_...
    std::string url;              // where the customer pays ("" once complete or expired)
    std::string status;           // open, complete, expired
    std::string payment_status;   // paid, unpaid, no_payment_required
    std::string payment_intent;   // "" until Stripe created it
    std::int64_t expires_at = 0;  // unix seconds (0 when absent)
};

struct CardToken {
    std::string id;     // tok_...
    std::string brand;  // "Visa"
    std::string last4;
    int exp_month = 0;
    int exp_year = 0;
};

// A PaymentMethod (the SEPA path, see api.h).
struct PaymentMethod {
    std::string id;    // pm_...
    std::string type;  // sepa_debit, card
    std::string last4;
    std::string country;
    std::string billing_name;
    std::string billing_email;
};

Customer parse_customer(const boost::json::object& object);
PaymentIntent parse_payment_intent(const boost::json::object& object);
Charge parse_charge(const boost::json::object& object);
Refund parse_refund(const boost::json::object& object);
CheckoutSession parse_checkout_session(const boost::json::object& object);
CardToken parse_card_token(const boost::json::object& object);
PaymentMethod parse_payment_method(const boost::json::object& object);

}  // namespace bh::stripe
