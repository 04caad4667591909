// The payment contract's names: see payment_contract.h.
#include "contracts/payment_contract.h"

#include <array>
#include <utility>

namespace bh::contracts {

namespace {

using P = PaymentStatus;

constexpr std::array<std::pair<P, std::string_view>, 8> kNames = {{
    {P::Created, "CREATED"},
    {P::RequiresAction, "REQUIRES_ACTION"},
    {P::Processing, "PROCESSING"},
    {P::Succeeded, "SUCCEEDED"},
    {P::PartiallyRefunded, "PARTIALLY_REFUNDED"},
    {P::Refunded, "REFUNDED"},
    {P::Canceled, "CANCELED"},
    {P::Failed, "FAILED"},
}};

}  // namespace

std::string_view to_string(PaymentStatus status) {
    for (const auto& [value, name] : kNames) {
        if (value == status) return name;
    }
    std::abort();  // every enumerator is in kNames
}

std::optional<PaymentStatus> parse_payment_status(std::string_view text) {
    for (const auto& [value, name] : kNames) {
        if (name == text) return value;
    }
    return std::nullopt;
}

std::string reserve_topic(std::string_view topic_prefix) {
    return std::string(topic_prefix) + "budget.reserve";
}

std::string payment_updated_topic(std::string_view topic_prefix) {
    return std::string(topic_prefix) + "payment.updated";
}

}  // namespace bh::contracts
