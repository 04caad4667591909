// The payment.* settings, declared next to the service that reads them.
#include "services/payment/payment_settings.h"

namespace bh::payment {

using namespace std::chrono_literals;

namespace {

const settings::Declaration<StripeSettings>& stripe_settings() {
    using S = StripeSettings;
    static const auto declaration =
        settings::Declaration<S>()
            .text(&S::api_base, "payment.stripe_api_base", "https://api.stripe.com",
                  "Stripe API base URL (a local double in tests and `make run`)")
            .text(&S::secret_key, "payment.stripe_secret_key", "",
                  "Stripe secret key (sk_test_... or sk_live_...); from the environment, never a file in the "
                  "repository. Empty: payment commands answer 503 STRIPE_NOT_CONFIGURED",
                  {.secret = true})
            .text(
                &S::api_version, "payment.stripe_version", "2026-08-26.clover",
                "Stripe-Version header sent with every call (the API version the client was written against)")
            .duration(&S::timeout, "payment.stripe_timeout", "10s",
                      "Deadline of one Stripe call, all attempts included", {.min = 100ms, .max = 120s})
            .integer(&S::max_attempts, "payment.stripe_max_attempts", 3,
                     "Attempts of one Stripe call on network errors, 409, 429 and 5xx (same Idempotency-Key)",
                     {.min = 1, .max = 10})
            .duration(&S::retry_base_delay, "payment.stripe_retry_base_delay", "200ms",
                      "Backoff before the second attempt; doubles after each further one (with jitter)",
                      {.min = 1ms, .max = 60s});
    return declaration;
}

}  // namespace

const settings::Declaration<PaymentSettings>& payment_settings() {
    using S = PaymentSettings;
    static const auto declaration =
        settings::Declaration<S>()
            .nested(&S::stripe, stripe_settings())
            .list(&S::webhook_secrets, "payment.webhook_secrets", "",
                  "Webhook signing secrets (whsec_...), comma-separated: two during a rotation. Empty: every "
                  "webhook is refused",
                  {.secret = true})
            .duration(&S::webhook_tolerance, "payment.webhook_tolerance", "300s",
                      "Largest age of a webhook's signed timestamp (older or further in the future: 400)",
                      {.min = 1s, .max = 1h})
            .text(&S::return_url, "payment.return_url", "http://localhost:8080/payments/return",
                  "Where Stripe sends the customer back after 3-D Secure (confirm's return_url)")
            .text(&S::checkout_success_url, "payment.checkout_success_url",
                  "http://localhost:8080/payments/success?session_id={CHECKOUT_SESSION_ID}",
                  "Checkout's success_url")
            .text(&S::checkout_cancel_url, "payment.checkout_cancel_url",
                  "http://localhost:8080/payments/cancel", "Checkout's cancel_url")
            .text(&S::checkout_method_types, "payment.checkout_method_types", "card,sepa_debit",
                  "payment_method_types of a checkout session, comma-separated")
            .duration(&S::budget_timeout, "payment.budget_timeout", "10s",
                      "Wait for the budget service's answer to a reservation before 504",
                      {.min = 100ms, .max = 120s})
            .duration(
                &S::reservation_ttl, "payment.reservation_ttl", "24h",
                "A payment still not paid after this is canceled at Stripe and its reservation released",
                {.min = 1s, .max = 30 * 24h})
            .integer(
                &S::confirm_max_attempts, "payment.confirm_max_attempts", 3,
                "Confirmations of one payment when Stripe is out of reach (the first included) before it "
                "fails and the user is told by e-mail",
                {.min = 1, .max = 20})
            .duration(&S::confirm_retry_base_delay, "payment.confirm_retry_base_delay", "30s",
                      "Delay before a confirmation is tried again; doubles after each further failure",
                      {.min = 10ms, .max = 24h})
            .duration(
                &S::sweep_interval, "payment.sweep_interval", "30s",
                "How often due confirmation retries run (one instance at a time) and quiet payments are "
                "reconciled",
                {.min = 100ms, .max = 1h});
    return declaration;
}

}  // namespace bh::payment
