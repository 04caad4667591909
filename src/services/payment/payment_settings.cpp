// Reads the payment.* keys once: see payment_settings.h.
#include "services/payment/payment_settings.h"

namespace bh::payment {

namespace {

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::string current;
    for (const char c : text + ",") {
        if (c == ',') {
            const auto first = current.find_first_not_of(' ');
            const auto last = current.find_last_not_of(' ');
            if (first != std::string::npos) out.push_back(current.substr(first, last - first + 1));
            current.clear();
        } else {
            current.push_back(c);
        }
    }
    return out;
}

}  // namespace

PaymentSettings payment_settings_from(const Config& config) {
    PaymentSettings s;
    s.stripe.api_base = config.get_string("payment.stripe_api_base");
    s.stripe.secret_key = config.get_string("payment.stripe_secret_key");
    s.stripe.api_version = config.get_string("payment.stripe_version");
    s.stripe.timeout = config.get_duration("payment.stripe_timeout");
    s.stripe.max_attempts = static_cast<int>(config.get_int("payment.stripe_max_attempts"));
    s.stripe.retry_base_delay = config.get_duration("payment.stripe_retry_base_delay");
    s.webhook_secrets = split_list(config.get_string("payment.webhook_secrets"));
    s.webhook_tolerance =
        std::chrono::duration_cast<std::chrono::seconds>(config.get_duration("payment.webhook_tolerance"));
    s.return_url = config.get_string("payment.return_url");
    s.checkout_success_url = config.get_string("payment.checkout_success_url");
    s.checkout_cancel_url = config.get_string("payment.checkout_cancel_url");
    s.checkout_method_types = config.get_string("payment.checkout_method_types");
    s.budget_timeout = config.get_duration("payment.budget_timeout");
    s.reservation_ttl = config.get_duration("payment.reservation_ttl");
    s.sweep_interval = config.get_duration("payment.sweep_interval");
    s.confirm_max_attempts = static_cast<int>(config.get_int("payment.confirm_max_attempts"));
    s.confirm_retry_base_delay = config.get_duration("payment.confirm_retry_base_delay");
    s.topic_prefix = config.get_string("kafka.topic_prefix");
    s.topic_partitions = static_cast<int>(config.get_int("payment.topic_partitions"));
    s.topic_replication = static_cast<int>(config.get_int("payment.topic_replication"));
    return s;
}

}  // namespace bh::payment
