#pragma once
// What a failed Stripe call becomes: a StripeError (an AppError, so the HTTP layer answers it like
// any other) that also keeps what Stripe said (HTTP status, error type, code, decline code, param,
// message, request id) for the payment service's records and logs.
//
// The one mapping (error_from_response), by HTTP status and Stripe error type:
//   type idempotency_error (any status)      -> Conflict    STRIPE_IDEMPOTENCY_CONFLICT
//   type card_error, or 402                  -> Conflict    PAYMENT_DECLINED (Stripe's message: it is
//                                                            written for the paying customer)
//   401, 403 (our key is wrong)              -> Unavailable STRIPE_UNAVAILABLE
//   404                                      -> NotFound    STRIPE_INVALID_REQUEST
//   other 4xx but 409 and 429                -> BadRequest  STRIPE_INVALID_REQUEST
//   409, 429, 5xx, anything else             -> Unavailable STRIPE_UNAVAILABLE (after the last attempt)
// A transport failure after the last attempt is Unavailable STRIPE_UNAVAILABLE (network_failure);
// the call's deadline is Timeout STRIPE_TIMEOUT (deadline_exceeded).
// Public messages and details never hold a secret: anything shaped like a key (sk_..., rk_...,
// whsec_...) is replaced by "[redacted]".
#include <string>
#include <string_view>

#include "core/error.h"

namespace bh::stripe {

namespace errc {
inline constexpr const char* kPaymentDeclined = "PAYMENT_DECLINED";
inline constexpr const char* kInvalidRequest = "STRIPE_INVALID_REQUEST";
inline constexpr const char* kIdempotencyConflict = "STRIPE_IDEMPOTENCY_CONFLICT";
inline constexpr const char* kUnavailable = "STRIPE_UNAVAILABLE";
inline constexpr const char* kTimeout = "STRIPE_TIMEOUT";
// Webhooks (webhook.h).
inline constexpr const char* kInvalidSignature = "INVALID_STRIPE_SIGNATURE";
inline constexpr const char* kInvalidEvent = "INVALID_STRIPE_EVENT";
}  // namespace errc

// Stripe's error document: {"error": {"type", "code", "decline_code", "message", "param"}}.
// Missing or null members are empty.
struct StripeErrorBody {
    std::string type;  // card_error, invalid_request_error, idempotency_error, api_error, ...
    std::string code;  // card_declined, resource_missing, ...
    std::string decline_code;
    std::string message;
    std::string param;
};

class StripeError : public AppError {
  public:
    StripeError(ErrorKind kind, std::string code, std::string public_message, std::string detail,
                int http_status, StripeErrorBody body, std::string request_id);

    // 0 when Stripe never answered (network failure, deadline).
    int http_status() const { return http_status_; }
    const std::string& type() const { return body_.type; }
    // Stripe's own `code` (AppError::code() is ours: PAYMENT_DECLINED, ...).
    const std::string& stripe_code() const { return body_.code; }
    const std::string& decline_code() const { return body_.decline_code; }
    const std::string& param() const { return body_.param; }
    // Stripe's message, secrets redacted.
    const std::string& stripe_message() const { return body_.message; }
    // Stripe's Request-Id header of the failed answer ("" when none).
    const std::string& request_id() const { return request_id_; }

  private:
    int http_status_;
    StripeErrorBody body_;
    std::string request_id_;
};

// Reads Stripe's error document; anything else (HTML from a proxy, truncated JSON) gives an empty
// body.
StripeErrorBody parse_error_body(std::string_view body);

// THE mapping of a non-2xx answer (see the table above). `what` names the call in the detail
// ("POST /v1/payment_intents").
StripeError error_from_response(int http_status, std::string_view body, std::string_view request_id = {},
                                std::string_view what = {});

// Stripe could not be reached (or answered something unreadable) on the last attempt.
StripeError network_failure(std::string_view detail);
// The call's deadline passed (all attempts included).
StripeError deadline_exceeded(std::string_view detail);

// `text` with every key-like word (sk_..., rk_..., whsec_...) replaced by "[redacted]".
std::string redact_secrets(std::string_view text);

}  // namespace bh::stripe
