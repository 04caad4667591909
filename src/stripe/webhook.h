#pragma once
// Stripe webhook signatures: `Stripe-Signature: t=<unix seconds>,v1=<hex>,v1=<hex>,v0=...`, each v1
// an HMAC-SHA256 of "<t>.<raw body>" keyed with a webhook secret (the whole `whsec_...` string).
// A delivery passes when any v1 matches any configured secret (two during a rotation) and t is
// within `tolerance` of now (either way: a stale or a future timestamp is refused). Refusals are
// AppError BadRequest INVALID_STRIPE_SIGNATURE (or INVALID_STRIPE_EVENT for a body that is not an
// event) with a message that says which check failed.
#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace bh::stripe {

struct Event {
    std::string id;    // evt_...
    std::string type;  // payment_intent.succeeded, ...
    std::int64_t created = 0;
    boost::json::object data_object;
};

Event verify_webhook(std::string_view payload, std::string_view signature_header,
                     std::span<const std::string> secrets, std::chrono::system_clock::time_point now,
                     std::chrono::seconds tolerance);

// The header Stripe would send for `payload` at `timestamp` (tests, and the harness's own events).
std::string sign_webhook(std::string_view payload, std::string_view secret, std::int64_t timestamp);

}  // namespace bh::stripe
