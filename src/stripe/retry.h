#pragma once
// When a Stripe call is tried again, and after how long. Pure functions, so the policy is tested as
// a table (retry_test.cpp). Every attempt of one POST carries the same Idempotency-Key, so a retry
// never charges twice.
#include <chrono>
#include <optional>
#include <string_view>

namespace bh::stripe {

struct AttemptResult {
    int http_status = 0;  // 0: no answer (connection refused, reset, timeout of one attempt)
    // Stripe-Should-Retry header, when the answer had one.
    std::optional<bool> stripe_should_retry;
};

// True for a network failure, 409, 429 and 5xx, unless Stripe said `Stripe-Should-Retry: false`.
// The header can only forbid a retry: a 400 or 402 is never tried again, whatever it says.
bool should_retry(const AttemptResult& result);

// "true" / "false" (any case) of a Stripe-Should-Retry header; nullopt for anything else.
std::optional<bool> parse_should_retry(std::string_view header);

// The wait before the next attempt after `failed_attempts` (1, 2, ...) failures: base * 2^(n-1),
// "equal jitter" (between half and all of it, `jitter` in [0, 1) picking where), at most 1 h.
std::chrono::milliseconds backoff_delay(int failed_attempts, std::chrono::milliseconds base, double jitter);

}  // namespace bh::stripe
