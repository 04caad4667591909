// Stripe JSON objects read into the structs of objects.h, tolerating missing and null members.
#include "stripe/objects.h"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cmath>
#include <limits>

namespace bh::stripe {

namespace {

const boost::json::value* member(const boost::json::object& object, std::string_view name) {
    return object.if_contains(name);
}

const boost::json::object* object_member(const boost::json::object& object, std::string_view name) {
    const auto* value = member(object, name);
    return value != nullptr && value->is_object() ? &value->get_object() : nullptr;
}

std::string text(const boost::json::object& object, std::string_view name) {
    const auto* value = member(object, name);
    return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
}

// An id, or an expanded object's id.
std::string id_of(const boost::json::object& object, std::string_view name) {
    if (const auto* expanded = object_member(object, name)) return text(*expanded, "id");
    return text(object, name);
}

std::int64_t integer(const boost::json::object& object, std::string_view name) {
    const auto* value = member(object, name);
    if (value == nullptr) return 0;
    if (value->is_int64()) return value->get_int64();
    if (value->is_uint64()) {
        const auto u = value->get_uint64();
        return u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())
                   ? std::numeric_limits<std::int64_t>::max()
                   : static_cast<std::int64_t>(u);
    }
    if (value->is_double()) {
        // Stripe sends integers; a double outside int64's range (1e300, inf) or NaN must not reach
        // the cast, which is undefined for it: saturated like the uint64 case, NaN read as 0.
        const double d = value->get_double();
        if (std::isnan(d)) return 0;
        if (d >= 9223372036854775808.0) return std::numeric_limits<std::int64_t>::max();
        if (d < -9223372036854775808.0) return std::numeric_limits<std::int64_t>::min();
        return static_cast<std::int64_t>(d);
    }
    return 0;
}

int small_integer(const boost::json::object& object, std::string_view name) {
    const auto value = integer(object, name);
    return value < 0 || value > std::numeric_limits<int>::max() ? 0 : static_cast<int>(value);
}

bool flag(const boost::json::object& object, std::string_view name) {
    const auto* value = member(object, name);
    return value != nullptr && value->is_bool() && value->get_bool();
}

Metadata metadata_of(const boost::json::object& object) {
    Metadata metadata;
    if (const auto* m = object_member(object, "metadata")) {
        for (const auto& entry : *m) {
            if (entry.value().is_string()) metadata.emplace(entry.key(), entry.value().get_string());
        }
    }
    return metadata;
}

}  // namespace

Customer parse_customer(const boost::json::object& object) {
    return {.id = text(object, "id"), .email = text(object, "email")};
}

PaymentIntent parse_payment_intent(const boost::json::object& object) {
    PaymentIntent intent{.id = text(object, "id"),
                         .status = text(object, "status"),
                         .amount = integer(object, "amount"),
                         .amount_received = integer(object, "amount_received"),
                         .currency = text(object, "currency"),
                         .customer = id_of(object, "customer"),
                         .latest_charge = id_of(object, "latest_charge"),
                         .client_secret = text(object, "client_secret"),
                         .next_action_type = {},
                         .last_error_message = {},
                         .metadata = metadata_of(object)};
    if (const auto* next_action = object_member(object, "next_action")) {
        intent.next_action_type = text(*next_action, "type");
    }
    if (const auto* last_error = object_member(object, "last_payment_error")) {
        intent.last_error_message = text(*last_error, "message");
    }
    return intent;
}

Charge parse_charge(const boost::json::object& object) {
    return {.id = text(object, "id"),
            .status = text(object, "status"),
            .amount = integer(object, "amount"),
            .amount_refunded = integer(object, "amount_refunded"),
            .refunded = flag(object, "refunded"),
            .receipt_url = text(object, "receipt_url"),
            .receipt_email = text(object, "receipt_email"),
            .payment_intent = id_of(object, "payment_intent")};
}

Refund parse_refund(const boost::json::object& object) {
    return {.id = text(object, "id"),
            .status = text(object, "status"),
            .amount = integer(object, "amount"),
            .charge = id_of(object, "charge"),
            .payment_intent = id_of(object, "payment_intent")};
}

CheckoutSession parse_checkout_session(const boost::json::object& object) {
    return {.id = text(object, "id"),
            .url = text(object, "url"),
            .status = text(object, "status"),
            .payment_status = text(object, "payment_status"),
            .payment_intent = id_of(object, "payment_intent"),
            .expires_at = integer(object, "expires_at")};
}

CardToken parse_card_token(const boost::json::object& object) {
    CardToken token;
    token.id = text(object, "id");
    if (const auto* card = object_member(object, "card")) {
        token.brand = text(*card, "brand");
        token.last4 = text(*card, "last4");
        token.exp_month = small_integer(*card, "exp_month");
        token.exp_year = small_integer(*card, "exp_year");
    }
    return token;
}

PaymentMethod parse_payment_method(const boost::json::object& object) {
    PaymentMethod method;
    method.id = text(object, "id");
    method.type = text(object, "type");
    if (const auto* details = object_member(object, method.type)) {
        method.last4 = text(*details, "last4");
        method.country = text(*details, "country");
    }
    if (const auto* billing = object_member(object, "billing_details")) {
        method.billing_name = text(*billing, "name");
        method.billing_email = text(*billing, "email");
    }
    return method;
}

}  // namespace bh::stripe
