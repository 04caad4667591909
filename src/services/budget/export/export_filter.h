#pragma once
// Which movements an export covers: each given bound applies on its own (inclusive dates on
// date_of_emission, exact status). Seed ⚠ #19 fixed: a single date or a date with a status no longer
// silently exports everything.
#include <chrono>
#include <optional>
#include <string>

#include "db/listing.h"
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

// The filter's conditions on `movements m`, values as parameters (the movement listing's WHERE).
db::Where export_where(const ExportFilter& filter);

}  // namespace bh::budget
