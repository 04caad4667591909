#pragma once
// The vocabulary the payment and budget services share over Kafka (docs/dev/payment-contract.md):
// the payment statuses `payment.updated` carries and the names of the two topics. One definition,
// so the two services cannot drift apart; what each status means to each service (the state
// machine in payment/domain, the money held in budget/domain) stays with that service.
#include <optional>
#include <string>
#include <string_view>

namespace bh::contracts {

enum class PaymentStatus {
    Created,
    RequiresAction,
    Processing,
    Succeeded,
    PartiallyRefunded,
    Refunded,
    Canceled,
    Failed,
};

// CREATED, REQUIRES_ACTION, PROCESSING, SUCCEEDED, PARTIALLY_REFUNDED, REFUNDED, CANCELED, FAILED.
std::string_view to_string(PaymentStatus status);
std::optional<PaymentStatus> parse_payment_status(std::string_view text);

std::string reserve_topic(std::string_view topic_prefix);          // <prefix>budget.reserve
std::string payment_updated_topic(std::string_view topic_prefix);  // <prefix>payment.updated

}  // namespace bh::contracts
