#pragma once
// Stripe's error answers as our typed errors, in one mapping:
//   402 card_error (a decline)            → Conflict PAYMENT_DECLINED, Stripe's message
//   400/404 invalid_request_error          → BadRequest / NotFound STRIPE_INVALID_REQUEST
//   409 idempotency_error                  → Conflict STRIPE_IDEMPOTENCY_CONFLICT
//   401/403 (our key is wrong or lacks rights) → Unavailable STRIPE_UNAVAILABLE (not the caller's fault)
//   429, 5xx, anything else                → Unavailable STRIPE_UNAVAILABLE
// A deadline passed is Timeout STRIPE_TIMEOUT (client.cpp). The public message never holds our key.
#include <string_view>

#include "core/error.h"

namespace bh::stripe {

inline constexpr const char* kDeclined = "PAYMENT_DECLINED";
inline constexpr const char* kInvalidRequest = "STRIPE_INVALID_REQUEST";
inline constexpr const char* kIdempotencyConflict = "STRIPE_IDEMPOTENCY_CONFLICT";
inline constexpr const char* kUnavailable = "STRIPE_UNAVAILABLE";
inline constexpr const char* kTimeout = "STRIPE_TIMEOUT";

// `body` is Stripe's JSON {"error": {type, code, decline_code, message, param}} (or anything).
AppError error_from_response(long status, std::string_view body);

// Whether a failed attempt may be sent again with the same Idempotency-Key: network errors (no
// status, 0), 409, 429 and 5xx — unless Stripe said Stripe-Should-Retry: false.
bool should_retry(long status, std::string_view should_retry_header);

}  // namespace bh::stripe
