#include "services/budget/domain/movement_status.h"

#include <array>
#include <utility>

namespace bh::budget {

namespace {

using S = MovementStatus;

constexpr std::array<std::pair<S, std::string_view>, 7> kStatusNames = {{
    {S::Accepted, "ACCEPTED"},
    {S::Processing, "PROCESSING"},
    {S::Succeeded, "SUCCEEDED"},
    {S::Canceled, "CANCELED"},
    {S::Refused, "REFUSED"},
    {S::Failed, "FAILED"},
    {S::Refunded, "REFUNDED"},
}};

}  // namespace

std::string_view to_string(MovementStatus status) {
    for (const auto& [value, name] : kStatusNames) {
        if (value == status) return name;
    }
    return "ACCEPTED";
}

std::optional<MovementStatus> parse_movement_status(std::string_view text) {
    for (const auto& [value, name] : kStatusNames) {
        if (name == text) return value;
    }
    return std::nullopt;
}

std::string_view to_string(MovementKind kind) {
    return kind == MovementKind::Debit ? "DEBIT" : "CREDIT";
}

std::optional<MovementKind> parse_movement_kind(std::string_view text) {
    if (text == "DEBIT") return MovementKind::Debit;
    if (text == "CREDIT") return MovementKind::Credit;
    return std::nullopt;
}

bool is_legal_transition(MovementStatus from, MovementStatus to) {
    if (from == to) return true;
    switch (from) {
        case S::Accepted:
            return to == S::Processing || to == S::Succeeded || to == S::Canceled || to == S::Refused ||
                   to == S::Failed;
        case S::Processing:
            return to == S::Succeeded || to == S::Canceled || to == S::Refused || to == S::Failed;
        case S::Succeeded:
            return to == S::Refunded || to == S::Canceled;
        case S::Canceled:
        case S::Refused:
        case S::Failed:
        case S::Refunded:
            return false;
    }
    return false;
}

bool is_legal_initial_status(MovementStatus status) {
    return status == S::Accepted || status == S::Processing || status == S::Succeeded;
}

bool holds_money(MovementStatus status) {
    return status == S::Succeeded;
}

}  // namespace bh::budget
