#pragma once
// One line of the movements report, as plain values (no SQL, no xlsx types).
#include <chrono>
#include <optional>
#include <string>

#include "core/money.h"

namespace bh::budget {

struct ExportRow {
    std::string id;
    std::string kind;  // DEBIT / CREDIT
    std::chrono::year_month_day date_of_emission{};
    std::string description;
    Money value_without_iva;
    Money iva_value;
    Money iva_rate;  // percent with two decimals (23.00), carried as a fixed-point number
    Money total_value;
    std::string status;
    std::optional<std::string> supplier;
    std::optional<std::string> budget_subtype;
    std::optional<std::string> budget_type;
    std::string document_number;
    std::optional<std::string> invoice_description;
};

}  // namespace bh::budget
