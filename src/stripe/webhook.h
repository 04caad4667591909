#pragma once
// Stripe webhook signatures. Stripe sends `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]
// [,v0=...]`, each v1 the hex HMAC-SHA256, keyed with the endpoint's signing secret exactly as
// Stripe shows it (the whole "whsec_..." string), of "<t>.<raw body>". An event passes when any v1
// matches the HMAC under any of our secrets (two during a rotation) and |now - t| <= tolerance
// (stale and future timestamps alike are refused: a replayed old delivery cannot pass).
// Refusals are AppError BadRequest: INVALID_STRIPE_SIGNATURE (header missing or malformed, no
// match, timestamp out of tolerance, no secret configured) or INVALID_STRIPE_EVENT (signature good
// but the body is not an event: a JSON object with id, type and data.object).
#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace bh::stripe {

struct Event {
    std::string id;            // evt_...
    std::string type;          // payment_intent.succeeded, charge.refunded, ...
    std::int64_t created = 0;  // unix seconds
    bool livemode = false;
    std::string api_version;          // "" when null
    boost::json::object data_object;  // data.object: the PaymentIntent, Charge, ... as it is now
    std::optional<boost::json::object> previous_attributes;  // data.previous_attributes (*.updated)
};

// Checks the signature, then parses the event. Throws AppError (see above).
Event verify_webhook(std::string_view payload, std::string_view signature_header,
                     std::span<const std::string> secrets, std::chrono::system_clock::time_point now,
                     std::chrono::seconds tolerance);

// Parses an event body (no signature check). Throws AppError BadRequest INVALID_STRIPE_EVENT.
Event parse_event(std::string_view payload);

// The Stripe-Signature header value Stripe would send for `payload` at `t` ("t=...,v1=..."): for
// tests and local tools.
std::string sign_webhook(std::string_view payload, std::string_view secret,
                         std::chrono::system_clock::time_point t);

}  // namespace bh::stripe
