#pragma once
// What a payment pays for (pure rules, no framework types): the items a caller sends and the
// reservation lines they become. Items that share a budget, a supplier and an IVA rate become one
// line (one movement on the budget service), in the order of their first item; an item must name a
// budget subtype or a budget type (seed ⚠ #18: the seed kept only the first budget and the last
// supplier, and crashed without either). The IVA itself is computed once, by the budget service.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/money.h"
#include "core/uuid.h"

namespace bh::payment {

struct PaymentItem {
    std::string name;  // the seed's item "id": free text, Stripe's product name
    Money amount;      // without IVA, > 0, two decimals at most
    std::optional<Uuid> budget_type_id;
    std::optional<Uuid> budget_subtype_id;
    Uuid supplier_id;
    std::int64_t iva_rate_basis_points = 0;  // 23 % = 2300
};

struct ReservationLine {
    std::optional<Uuid> budget_type_id;
    std::optional<Uuid> budget_subtype_id;
    Uuid supplier_id;
    std::int64_t iva_rate_basis_points = 0;
    Money value_without_iva;
};

inline constexpr std::size_t kMaxItems = 50;

std::vector<ReservationLine> reservation_lines(const std::vector<PaymentItem>& items);

// Money in Stripe's smallest unit for a two-decimal currency (cents). Zero-decimal currencies are
// refused by the caller's validation (see is_supported_currency).
std::int64_t to_minor_units(Money amount);
Money from_minor_units(std::int64_t minor);
// Three lower-case letters and not one of Stripe's zero- or three-decimal currencies, whose minor
// unit is not the cent.
bool is_supported_currency(std::string_view currency);

}  // namespace bh::payment
