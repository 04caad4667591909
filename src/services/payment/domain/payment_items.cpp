// Items into reservation lines, and money in Stripe's units: see payment_items.h.
#include "services/payment/domain/payment_items.h"

#include <algorithm>
#include <array>

namespace bh::payment {

std::vector<ReservationLine> reservation_lines(const std::vector<PaymentItem>& items) {
    std::vector<ReservationLine> lines;
    for (const auto& item : items) {
        auto same = [&item](const ReservationLine& line) {
            return line.budget_type_id == item.budget_type_id &&
                   line.budget_subtype_id == item.budget_subtype_id && line.supplier_id == item.supplier_id &&
                   line.iva_rate_basis_points == item.iva_rate_basis_points;
        };
        if (auto found = std::find_if(lines.begin(), lines.end(), same); found != lines.end()) {
            found->value_without_iva += item.amount;
        } else {
            lines.push_back({item.budget_type_id, item.budget_subtype_id, item.supplier_id,
                             item.iva_rate_basis_points, item.amount});
        }
    }
    return lines;
}

std::int64_t to_minor_units(Money amount) {
    return amount.cents();
}

Money from_minor_units(std::int64_t minor) {
    return Money::from_cents(minor);
}

bool is_supported_currency(std::string_view currency) {
    // https://docs.stripe.com/currencies#zero-decimal and #three-decimal
    static constexpr std::array<std::string_view, 21> kNotCents = {
        "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx",
        "vnd", "vuv", "xaf", "xof", "xpf", "bhd", "jod", "kwd", "omr", "tnd"};
    if (currency.size() != 3) return false;
    for (const char c : currency) {
        if (c < 'a' || c > 'z') return false;
    }
    return std::find(kNotCents.begin(), kNotCents.end(), currency) == kNotCents.end();
}

}  // namespace bh::payment
