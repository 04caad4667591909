#include "services/budget/row_mapping.h"

namespace bh::budget {

BudgetTypeRecord read_type(const db::Row& row, int c) {
    return {row.get<Uuid>(c),
            row.get<std::int32_t>(c + 1),
            row.get<std::string>(c + 2),
            row.get<std::string>(c + 3),
            row.get<Money>(c + 4),
            row.get<Money>(c + 5),
            row.get<Money>(c + 6),
            row.get<Money>(c + 7),
            row.get<Money>(c + 8)};
}

BudgetSubtypeRecord read_subtype(const db::Row& row, int c) {
    return {row.get<Uuid>(c),
            row.get<std::int32_t>(c + 1),
            row.get<Uuid>(c + 2),
            row.get<std::string>(c + 3),
            row.get<std::string>(c + 4),
            row.get<Money>(c + 5),
            row.get<Money>(c + 6),
            row.get<Money>(c + 7)};
}

SupplierRecord read_supplier(const db::Row& row, int c) {
    return {row.get<Uuid>(c),
            row.get<std::int32_t>(c + 1),
            row.get<std::string>(c + 2),
            row.get<std::string>(c + 3),
            row.get<std::string>(c + 4),
            row.get<std::optional<std::string>>(c + 5),
            row.get<std::optional<std::string>>(c + 6)};
}

}  // namespace bh::budget

namespace bh::budget {

MovementRecord read_movement(const db::Row& row, bool with_joins) {
    MovementRecord m;
    m.id = row.get<Uuid>(0);
    m.version = row.get<std::int32_t>(1);
    m.kind = parse_movement_kind(row.get<std::string_view>(2)).value_or(MovementKind::Debit);
    m.status = parse_movement_status(row.get<std::string_view>(3)).value_or(MovementStatus::Accepted);
    m.document_number = row.get<std::string>(4);
    m.date_of_emission = row.get<std::chrono::year_month_day>(5);
    m.description = row.get<std::string>(6);
    m.amounts = {row.get<Money>(7), row.get<Money>(8).cents(), row.get<Money>(9), row.get<Money>(10)};
    m.booked_amount = row.get<Money>(11);
    m.supplier_id = row.get<std::optional<Uuid>>(12);
    m.link = {row.get<std::optional<Uuid>>(13), row.get<std::optional<Uuid>>(14)};
    m.payment_id = row.get<std::optional<Uuid>>(15);
    m.payment_line = row.get<std::optional<std::int32_t>>(16);
    m.reserved_amount = row.get<Money>(17);
    if (with_joins) {
        constexpr int kType = kMovementColumnCount;
        constexpr int kSubtype = kType + kTypeColumnCount;
        constexpr int kSupplier = kSubtype + kSubtypeColumnCount;
        if (!row.is_null(kType)) m.budget_type = read_type(row, kType);
        if (!row.is_null(kSubtype)) m.budget_subtype = read_subtype(row, kSubtype);
        if (!row.is_null(kSupplier)) m.supplier = read_supplier(row, kSupplier);
    }
    return m;
}

db::Params movement_params(const MovementRecord& m) {
    db::Params p;
    p.add(m.id)
        .add(to_string(m.kind))
        .add(to_string(m.status))
        .add(m.document_number)
        .add(m.date_of_emission)
        .add(m.description)
        .add(m.amounts.value_without_iva)
        .add(Money::from_cents(m.amounts.iva_rate_basis_points))
        .add(m.amounts.iva_value)
        .add(m.amounts.total_value)
        .add(m.booked_amount)
        .add(m.supplier_id)
        .add(m.link.type_id)
        .add(m.link.subtype_id);
    return p;
}

}  // namespace bh::budget
