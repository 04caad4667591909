#pragma once
// db::Row -> records. Column lists are declared once here so every query selects the same names.
#include <string_view>

#include "db/params.h"
#include "db/result.h"
#include "services/budget/records.h"

namespace bh::budget {

// SELECT lists (table aliases t, s, p, m) matching the readers below.
inline constexpr std::string_view kTypeColumns =
    "t.id, t.version, t.name, t.description, t.allocated, t.sub_allocated, t.direct_spent, t.spent, "
    "t.reserved";
inline constexpr int kTypeColumnCount = 9;
inline constexpr std::string_view kSubtypeColumns =
    "s.id, s.version, s.budget_type_id, s.name, s.description, s.allocated, s.spent, s.reserved";
inline constexpr int kSubtypeColumnCount = 8;
inline constexpr std::string_view kSupplierColumns =
    "p.id, p.version, p.company_name, p.responsible_name, p.nif, p.phone_number, p.email";

inline constexpr std::string_view kMovementColumns =
    "m.id, m.version, m.kind, m.status, m.document_number, m.date_of_emission, m.description, "
    "m.value_without_iva, m.iva_rate, m.iva_value, m.total_value, m.booked_amount, m.supplier_id, "
    "m.budget_type_id, m.budget_subtype_id, m.payment_id, m.payment_line, m.reserved_amount";
inline constexpr int kMovementColumnCount = 18;
// Movement, its type, subtype and supplier (NULLs when absent), as read_movement(row, true) expects.
inline constexpr std::string_view kMovementTables =
    "movements m LEFT JOIN budget_types t ON t.id = m.budget_type_id"
    " LEFT JOIN budget_subtypes s ON s.id = m.budget_subtype_id LEFT JOIN suppliers p ON p.id = "
    "m.supplier_id";

BudgetTypeRecord read_type(const db::Row& row, int first_column = 0);
BudgetSubtypeRecord read_subtype(const db::Row& row, int first_column = 0);
SupplierRecord read_supplier(const db::Row& row, int first_column = 0);
// kMovementColumns, then (with_joins) kTypeColumns, kSubtypeColumns, kSupplierColumns.
MovementRecord read_movement(const db::Row& row, bool with_joins);
// The parameters of a movement row in column order: id, kind, status, document_number,
// date_of_emission, description, value_without_iva, iva_rate, iva_value, total_value, booked_amount,
// supplier_id, budget_type_id, budget_subtype_id (inserts and updates add what follows).
db::Params movement_params(const MovementRecord& m);

}  // namespace bh::budget
