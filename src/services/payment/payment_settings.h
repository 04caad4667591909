#pragma once
// The payment service's settings: the payment.* keys, declared in payment_settings.cpp with their
// defaults, bounds and documentation, read once at start.
#include <chrono>
#include <string>
#include <vector>

#include "core/settings.h"

namespace bh::payment {

struct StripeSettings {
    std::string api_base;
    std::string secret_key;  // empty: Stripe is not configured, commands answer 503
    std::string api_version;
    std::chrono::milliseconds timeout{};
    int max_attempts = 3;
    std::chrono::milliseconds retry_base_delay{};
};

struct PaymentSettings {
    StripeSettings stripe;
    std::vector<std::string> webhook_secrets;
    std::chrono::seconds webhook_tolerance{};
    std::string return_url;
    std::string checkout_success_url;
    std::string checkout_cancel_url;
    std::string checkout_method_types;
    std::chrono::milliseconds budget_timeout{};
    std::chrono::milliseconds reservation_ttl{};
    std::chrono::milliseconds sweep_interval{};
    int confirm_max_attempts = 3;
    std::chrono::milliseconds confirm_retry_base_delay{};
    std::string topic_prefix;  // kafka.topic_prefix, set by the service
};

const settings::Declaration<PaymentSettings>& payment_settings();

}  // namespace bh::payment
