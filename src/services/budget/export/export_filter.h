#pragma once
// Which movements an export covers: each given bound applies on its own (inclusive dates on
// date_of_emission, exact status). Seed ⚠ #19 fixed: a single date or a date with a status no longer
// silently exports everything.
#include <chrono>
#include <optional>
#include <string>

#include "http/message.h"

namespace bh::budget {

struct ExportFilter {
    std::optional<std::chrono::year_month_day> start_date;
    std::optional<std::chrono::year_month_day> end_date;
    std::optional<std::string> status;  // a MovementStatus name
};

// startDate, endDate (YYYY-MM-DD), status (enum name) from the query string; one 400 naming every
// bad parameter, including endDate before startDate.
ExportFilter read_export_filter(const http::Request& request);

// The WHERE clause (" WHERE ..." or ""), with the values as SQL literals: safe because every value
// was validated (a date we format ourselves, a status from the enum).
std::string export_where_clause(const ExportFilter& filter);

}  // namespace bh::budget
