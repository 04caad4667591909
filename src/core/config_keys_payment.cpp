// Configuration keys of the payment area (see core/config_keys.h): Stripe, webhooks, reservations
// (services/payment/payment_settings.cpp reads them once, typed).
#include "core/config_keys.h"

namespace bh {

namespace {
using T = ConfigType;
constexpr std::int64_t kSecond = 1000;
constexpr std::int64_t kHour = 3600 * kSecond;
}  // namespace

std::vector<ConfigKey> payment_config_keys() {
    return {
        {"payment.stripe_api_base", T::String, "https://api.stripe.com",
         "Stripe API base URL (a local double in tests and `make run`)"},
        {"payment.stripe_secret_key", T::String, "",
         "Stripe secret key (sk_test_... or sk_live_...); from the environment, never a file in the "
         "repository. Empty: payment commands answer 503 STRIPE_NOT_CONFIGURED",
         true},
        {"payment.stripe_version", T::String, "2026-08-26.clover",
         "Stripe-Version header sent with every call (the API version the client was written against)"},
        {"payment.stripe_timeout", T::DurationMs, "10s", "Deadline of one Stripe call, all attempts included",
         false, 100, 120 * kSecond},
        {"payment.stripe_max_attempts", T::Int, "3",
         "Attempts of one Stripe call on network errors, 409, 429 and 5xx (same Idempotency-Key)", false, 1,
         10},
        {"payment.stripe_retry_base_delay", T::DurationMs, "200ms",
         "Backoff before the second attempt; doubles after each further one (with jitter)", false, 1,
         60 * kSecond},
        {"payment.webhook_secrets", T::String, "",
         "Webhook signing secrets (whsec_...), comma-separated: two during a rotation. Empty: every "
         "webhook is refused",
         true},
        {"payment.webhook_tolerance", T::DurationMs, "300s",
         "Largest age of a webhook's signed timestamp (older or further in the future: 400)", false, kSecond,
         kHour},
        {"payment.return_url", T::String, "http://localhost:8080/payments/return",
         "Where Stripe sends the customer back after 3-D Secure (confirm's return_url)"},
        {"payment.checkout_success_url", T::String,
         "http://localhost:8080/payments/success?session_id={CHECKOUT_SESSION_ID}", "Checkout's success_url"},
        {"payment.checkout_cancel_url", T::String, "http://localhost:8080/payments/cancel",
         "Checkout's cancel_url"},
        {"payment.checkout_method_types", T::String, "card,sepa_debit",
         "payment_method_types of a checkout session, comma-separated"},
        {"payment.budget_timeout", T::DurationMs, "10s",
         "Wait for the budget service's answer to a reservation before 504", false, 100, 120 * kSecond},
        {"payment.topic_partitions", T::Int, "4",
         "Partitions of the topics the payment service creates when missing (budget.reserve, "
         "payment.updated): "
         "how many budget instances can share the work",
         false, 1, 256},
        {"payment.topic_replication", T::Int, "1",
         "Replication factor of those topics (3 on a production cluster)", false, 1, 7},
        {"payment.reservation_ttl", T::DurationMs, "24h",
         "A payment still not paid after this is canceled at Stripe and its reservation released", false,
         kSecond, 30 * 24 * kHour},
        {"payment.confirm_max_attempts", T::Int, "3",
         "Confirmations of one payment when Stripe is out of reach (the first included) before it fails and "
         "the user is told by e-mail",
         false, 1, 20},
        {"payment.confirm_retry_base_delay", T::DurationMs, "30s",
         "Delay before a confirmation is tried again; doubles after each further failure", false, 10,
         24 * kHour},
        {"payment.sweep_interval", T::DurationMs, "30s",
         "How often due confirmation retries run (one instance at a time) and quiet payments are reconciled",
         false, 100, kHour},
    };
}

}  // namespace bh
