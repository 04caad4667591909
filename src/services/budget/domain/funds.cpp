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

struct SubtypeDelta {
    Money spent;
    Money reserved;
};

struct TypeDelta {
    Money spent;
    Money direct;
    Money reserved;
};

// Maps ordered by id: the lock order.
struct Deltas {
    std::map<Uuid, SubtypeDelta> subtypes;
    std::map<Uuid, TypeDelta> types;

    void add(const Booking& booking, bool released) {
        const Money amount = released ? -booking.amount : booking.amount;
        const Money reserved = released ? -booking.reserved : booking.reserved;
        if (booking.link.subtype_id) {
            auto& subtype = subtypes[*booking.link.subtype_id];
            subtype.spent += amount;
            subtype.reserved += reserved;
        }
        if (booking.link.type_id) {
            auto& type = types[*booking.link.type_id];
            type.spent += amount;
            type.reserved += reserved;
            if (!booking.link.subtype_id) type.direct += amount;
        }
    }

    FundsPlan plan() const {
        FundsPlan plan;
        for (const auto& [id, delta] : subtypes) {
            if (!delta.spent.is_zero() || !delta.reserved.is_zero())
                plan.subtypes.push_back({id, delta.spent, delta.reserved});
        }
        for (const auto& [id, delta] : types) {
            if (!delta.spent.is_zero() || !delta.direct.is_zero() || !delta.reserved.is_zero())
                plan.types.push_back({id, delta.spent, delta.direct, delta.reserved});
        }
        return plan;
    }
};

}  // namespace

FundsPlan plan_funds(const std::optional<Booking>& before, const std::optional<Booking>& after) {
    Deltas deltas;
    if (before) deltas.add(*before, true);
    if (after) deltas.add(*after, false);
    return deltas.plan();
}

FundsPlan plan_funds(std::span<const Booking> released, std::span<const Booking> taken) {
    Deltas deltas;
    for (const auto& booking : released) deltas.add(booking, true);
    for (const auto& booking : taken) deltas.add(booking, false);
    return deltas.plan();
}

std::vector<int> crossed_thresholds(Money allocated, Money before, Money after) {
    std::vector<int> crossed;
    if (allocated.cents() <= 0 || after <= before) return crossed;
    for (const int percent : kUsageThresholds) {
        // spent / allocated >= percent / 100, in integers: spent * 100 >= percent * allocated
        // (cents below 10^15, so the products stay far inside 64 bits).
        const auto line = static_cast<std::int64_t>(percent) * allocated.cents();
        if (before.cents() * 100 < line && after.cents() * 100 >= line) crossed.push_back(percent);
    }
    return crossed;
}

Usage subtype_usage(Money allocated, Money spent, Money reserved_for_payments) {
    return {allocated, spent, Money{}, allocated - spent, reserved_for_payments};
}

Usage type_usage(Money allocated, Money sub_allocated, Money direct_spent, Money spent,
                 Money reserved_for_payments) {
    const Money spent_by_subtypes = spent - direct_spent;
    return {allocated, spent, sub_allocated - spent_by_subtypes, allocated - direct_spent - sub_allocated,
            reserved_for_payments};
}

}  // namespace bh::budget
