#pragma once
// What the budget service stores and answers with, as plain structs (no JSON, no SQL types).
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "core/money.h"
#include "core/uuid.h"
#include "services/budget/domain/funds.h"
#include "services/budget/domain/movement_status.h"

namespace bh::budget {

struct BudgetTypeRecord {
    Uuid id;
    std::int32_t version = 0;
    std::string name;
    std::string description;
    Money allocated;
    Money sub_allocated;
    Money direct_spent;
    Money spent;
    Money reserved_for_payments;  // the part of spent reserved by open payments (column `reserved`)
};

struct BudgetSubtypeRecord {
    Uuid id;
    std::int32_t version = 0;
    Uuid type_id;
    std::string name;
    std::string description;
    Money allocated;
    Money spent;
    Money reserved_for_payments;  // the part of spent reserved by open payments (column `reserved`)
};

// A subtype with its parent type: every subtype answer carries the type (seed §3.5 `budgetType`).
struct SubtypeWithType {
    BudgetSubtypeRecord subtype;
    BudgetTypeRecord type;
};

struct SupplierRecord {
    Uuid id;
    std::int32_t version = 0;
    std::string company_name;
    std::string responsible_name;
    std::string nif;
    std::optional<std::string> phone_number;
    std::optional<std::string> email;
};

struct MovementRecord {
    Uuid id;
    std::int32_t version = 0;
    MovementKind kind = MovementKind::Debit;
    MovementStatus status = MovementStatus::Accepted;
    std::string document_number;
    std::chrono::year_month_day date_of_emission;
    std::string description;
    MovementAmounts amounts;
    Money booked_amount;  // what it holds on its budget now (funds.h held_amount)
    std::optional<Uuid> supplier_id;
    BudgetLink link;
    // Set for the movements of a payment (payment_rules.h): the payment, the line (1..n) and the part
    // of booked_amount that is a reservation. Such a movement changes only with its payment.
    std::optional<Uuid> payment_id;
    std::optional<std::int32_t> payment_line;
    Money reserved_amount;
    // Joined for responses.
    std::optional<SupplierRecord> supplier;
    std::optional<BudgetTypeRecord> budget_type;
    std::optional<BudgetSubtypeRecord> budget_subtype;
};

// Who asked: movement events and budget alerts name them.
struct Actor {
    std::string user_id;
    std::string email;
    std::string traceparent;  // of the request, carried on the events it causes
};

// Inputs, validated by the codec (lengths, formats, ranges) before they reach a store.
struct BudgetTypeInput {
    std::string name;
    std::string description;
    Money available_funds;  // what remains to be spent: allocated = spent + available_funds
};

struct BudgetSubtypeInput {
    std::string name;
    std::string description;
    Money available_funds;
    std::optional<Uuid> type_id;  // required on create; on update, moves the subtype when different
};

struct SupplierInput {
    std::string company_name;
    std::string responsible_name;
    std::string nif;
    std::optional<std::string> phone_number;
    std::optional<std::string> email;
};

struct MovementInput {
    MovementKind kind = MovementKind::Debit;
    MovementStatus status = MovementStatus::Accepted;
    std::string document_number;
    std::chrono::year_month_day date_of_emission;
    std::string description;
    Money value_without_iva;
    std::int64_t iva_rate_basis_points = 0;
    Uuid supplier_id;
    std::optional<Uuid> type_id;
    std::optional<Uuid> subtype_id;
    bool status_given = false;  // an update without "status" keeps the stored one
};

// Filters of a movement listing; all optional, combined with AND.
struct MovementFilter {
    std::optional<std::chrono::year_month_day> start_date = {};  // dateOfEmission >= start
    std::optional<std::chrono::year_month_day> end_date = {};    // dateOfEmission <= end
    std::optional<MovementStatus> status = {};
    std::optional<Uuid> type_id = {};
    std::optional<Uuid> subtype_id = {};
    std::optional<Uuid> supplier_id = {};
};

}  // namespace bh::budget
