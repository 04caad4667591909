#include "services/notification/domain/notification_types.h"

#include <array>
#include <utility>

namespace bh::notification {

namespace {

constexpr std::array<std::pair<Kind, std::string_view>, 5> kKinds{{
    {Kind::PasswordReset, "PASSWORD_RESET"},
    {Kind::ExportReady, "EXPORT_READY"},
    {Kind::BudgetAlert, "BUDGET_ALERT"},
    {Kind::PaymentReceipt, "PAYMENT_RECEIPT"},
    {Kind::PaymentOutcome, "PAYMENT_OUTCOME"},
}};

constexpr std::array<std::pair<Status, std::string_view>, 4> kStatuses{{
    {Status::Pending, "PENDING"},
    {Status::Sent, "SENT"},
    {Status::Failed, "FAILED"},
    {Status::ExceededRetries, "EXCEEDED_RETRIES"},
}};

template <class Table, class Value>
std::string_view name_of(const Table& table, Value value) {
    for (const auto& [v, name] : table) {
        if (v == value) return name;
    }
    return "UNKNOWN";
}

template <class Value, class Table>
std::optional<Value> value_of(const Table& table, std::string_view text) {
    for (const auto& [v, name] : table) {
        if (name == text) return v;
    }
    return std::nullopt;
}

}  // namespace

std::string_view to_string(Kind kind) {
    return name_of(kKinds, kind);
}
std::string_view to_string(Status status) {
    return name_of(kStatuses, status);
}
std::optional<Kind> parse_kind(std::string_view text) {
    return value_of<Kind>(kKinds, text);
}
std::optional<Status> parse_status(std::string_view text) {
    return value_of<Status>(kStatuses, text);
}

}  // namespace bh::notification
