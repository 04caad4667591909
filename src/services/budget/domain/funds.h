#pragma once
// The accounting rules of movements and budgets, as pure functions (unit-tested one by one):
//   - IVA: ivaValue = valueWithoutIva × ivaRate / 100, rounded half away from zero to the cent (for
//     the positive amounts a movement has: half-up); totalValue = valueWithoutIva + ivaValue.
//   - What a movement holds: a SUCCEEDED DEBIT takes its total from its budget, a SUCCEEDED CREDIT
//     gives its total back; any other status holds nothing (seed ⚠ #12 fixed).
//   - A change (create, update, status change, delete) releases exactly what the movement held on
//     its old budget and takes what it holds now on its new one (seed ⚠ #7 fixed): the plan below.
//   - A subtype movement also counts on its parent type; a type movement must fit in what the type
//     did not carve out for subtypes (seed ⚠ #10 fixed).
//   - A payment's movement may hold its total as a reservation (payment_rules.h): booked like spending,
//     and counted apart as `reserved` (a part of spent) so the usage summary can show it.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/money.h"
#include "core/uuid.h"
#include "services/budget/domain/movement_status.h"

namespace bh::budget {

struct MovementAmounts {
    Money value_without_iva;
    std::int64_t iva_rate_basis_points = 0;  // 23 % = 2300
    Money iva_value;
    Money total_value;
};

// value_without_iva > 0 and 0 <= rate <= 100 % are validated before (the caller's 400s).
MovementAmounts compute_amounts(Money value_without_iva, std::int64_t iva_rate_basis_points);

// What a movement in `status` takes from its budget: +total (DEBIT), -total (CREDIT) or zero.
Money held_amount(MovementKind kind, MovementStatus status, Money total_value);

// The budget a movement is booked on. A subtype movement carries its parent type too.
struct BudgetLink {
    std::optional<Uuid> type_id;
    std::optional<Uuid> subtype_id;
    bool operator==(const BudgetLink&) const = default;
};

struct Booking {
    BudgetLink link;
    Money amount;         // held_amount() of the movement: what counts as spent
    Money reserved = {};  // the part of `amount` that is a payment's reservation (0 otherwise)
};

struct SubtypeChange {
    Uuid subtype_id;
    Money delta;                // added to spent
    Money reserved_delta = {};  // added to reserved
};

struct TypeChange {
    Uuid type_id;
    Money spent_delta;          // added to spent (direct and through subtypes)
    Money direct_delta;         // added to direct_spent (movements booked on the type itself)
    Money reserved_delta = {};  // added to reserved (direct and through subtypes)
};

// Row changes in a fixed lock order (subtypes by id, then types by id) so that concurrent
// transactions never deadlock on each other; rows whose figures do not change are left out.
struct FundsPlan {
    std::vector<SubtypeChange> subtypes;
    std::vector<TypeChange> types;
    bool empty() const { return subtypes.empty() && types.empty(); }
};

// From what a movement held (nullopt: it did not exist) to what it holds now (nullopt: deleted).
FundsPlan plan_funds(const std::optional<Booking>& before, const std::optional<Booking>& after);
// The same for several movements changed in one transaction (a payment's lines): everything in
// `released` is given back, everything in `taken` is booked, netted per row, in the one lock order.
FundsPlan plan_funds(std::span<const Booking> released, std::span<const Booking> taken);

// The usage thresholds, in percent of the allocation: a budget at or over the first one is on the
// dashboard's alert list; crossing either upwards sends one alert (below).
inline constexpr int kUsageThresholds[] = {80, 100};

// Thresholds (percent of the allocation) crossed upwards when spent goes from `before` to `after`:
// 80 and/or 100. Nothing for an empty allocation or a decrease. Going back under and over again is a
// new crossing.
std::vector<int> crossed_thresholds(Money allocated, Money before, Money after);

// The dashboard's figures of one budget.
struct Usage {
    Money allocated;
    Money spent;                       // includes reserved_for_payments
    Money reserved;                    // carved out for subtypes and not spent by them yet (types only)
    Money available;                   // what a new movement booked here may still take
    Money reserved_for_payments = {};  // the part of spent held by open payments (not charged yet)
};

Usage subtype_usage(Money allocated, Money spent, Money reserved_for_payments = {});
Usage type_usage(Money allocated, Money sub_allocated, Money direct_spent, Money spent,
                 Money reserved_for_payments = {});

}  // namespace bh::budget
