#pragma once
// JSON of the budget domain (seed-spec §3.5, portal-openapi.json field names) in both directions.
// Money leaves as a JSON number with two decimals (core/json_text.h); it arrives through JsonInput (400 for
// more decimals).
#include <boost/json/object.hpp>
#include <optional>

#include "core/json_text.h"
#include "runtime/json_input.h"
#include "services/budget/records.h"

namespace bh::budget {

struct Versioned {
    Uuid id;
    std::int32_t version = 0;
};

// Readers throw one 400 naming every bad field. Update readers also need id and version.
BudgetTypeInput read_budget_type(const boost::json::object& body);
BudgetSubtypeInput read_budget_subtype(const boost::json::object& body, bool type_required);
SupplierInput read_supplier(const boost::json::object& body);
MovementInput read_movement(const boost::json::object& body);
Versioned read_versioned(const boost::json::object& body);

boost::json::object to_json(const BudgetTypeRecord& type);
boost::json::object to_json(const BudgetSubtypeRecord& subtype);
// The subtype with its parent nested as `budgetType` (seed §3.5), besides `budgetTypeId`.
boost::json::object to_json(const SubtypeWithType& subtype);
boost::json::object to_json(const SupplierRecord& supplier);
boost::json::object to_json(const MovementRecord& movement);

}  // namespace bh::budget
