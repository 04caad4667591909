#include "services/budget/domain/funds.h"

#include <algorithm>
#include <map>

namespace bh::budget {

MovementAmounts compute_amounts(Money value_without_iva, std::int64_t iva_rate_basis_points) {
    const Money iva = value_without_iva.apply_rate(iva_rate_basis_points);
    return {value_without_iva, iva_rate_basis_points, iva, value_without_iva + iva};
}

Money held_amount(MovementKind kind, MovementStatus status, Money total_value) {
    if (!holds_money(status)) return Money{};
    return kind == MovementKind::Debit ? total_value : -total_value;
}

namespace {

struct TypeDelta {
    Money spent;
    Money direct;
};

void add_booking(const Booking& booking, Money sign_adjusted, std::map<Uuid, Money>& subtypes,
                 std::map<Uuid, TypeDelta>& types) {
    if (booking.link.subtype_id) subtypes[*booking.link.subtype_id] += sign_adjusted;
    if (booking.link.type_id) {
        auto& type = types[*booking.link.type_id];
        type.spent += sign_adjusted;
        if (!booking.link.subtype_id) type.direct += sign_adjusted;
    }
}

}  // namespace

FundsPlan plan_funds(const std::optional<Booking>& before, const std::optional<Booking>& after) {
    std::map<Uuid, Money> subtypes;  // ordered by id: the lock order
    std::map<Uuid, TypeDelta> types;
    if (before) add_booking(*before, -before->amount, subtypes, types);
    if (after) add_booking(*after, after->amount, subtypes, types);
    FundsPlan plan;
    for (const auto& [id, delta] : subtypes) {
        if (!delta.is_zero()) plan.subtypes.push_back({id, delta});
    }
    for (const auto& [id, delta] : types) {
        if (!delta.spent.is_zero() || !delta.direct.is_zero())
            plan.types.push_back({id, delta.spent, delta.direct});
    }
    return plan;
}

std::vector<int> crossed_thresholds(Money allocated, Money before, Money after) {
    std::vector<int> crossed;
    if (allocated.cents() <= 0 || after <= before) return crossed;
    for (const int percent : {80, 100}) {
        // spent / allocated >= percent / 100, in integers: spent * 100 >= percent * allocated
        // (cents below 10^15, so the products stay far inside 64 bits).
        const auto line = static_cast<std::int64_t>(percent) * allocated.cents();
        if (before.cents() * 100 < line && after.cents() * 100 >= line) crossed.push_back(percent);
    }
    return crossed;
}

Usage subtype_usage(Money allocated, Money spent) {
    return {allocated, spent, Money{}, allocated - spent};
}

Usage type_usage(Money allocated, Money sub_allocated, Money direct_spent, Money spent) {
    const Money spent_by_subtypes = spent - direct_spent;
    return {allocated, spent, sub_allocated - spent_by_subtypes, allocated - direct_spent - sub_allocated};
}

}  // namespace bh::budget
