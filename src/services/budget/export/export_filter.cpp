#include "services/budget/export/export_filter.h"

#include "core/error.h"
#include "db/time_text.h"
#include "runtime/query_input.h"
#include "services/budget/domain/movement_status.h"

namespace bh::budget {

ExportFilter read_export_filter(const http::Request& request) {
    ExportFilter filter;
    QueryInput in(request);
    filter.start_date = in.optional_date("startDate");
    filter.end_date = in.optional_date("endDate");
    if (const auto status = in.optional_word("status")) {
        if (const auto parsed = parse_movement_status(*status)) {
            filter.status = std::string(to_string(*parsed));
        } else {
            in.add_error(
                "status",
                "must be one of ACCEPTED, PROCESSING, REFUSED, CANCELED, FAILED, REFUNDED, SUCCEEDED");
        }
    }
    in.require_order("startDate", filter.start_date, "endDate", filter.end_date);
    in.finish("Invalid export parameters");
    return filter;
}

std::string export_where_clause(const ExportFilter& filter) {
    std::string where;
    auto add = [&where](const std::string& condition) {
        where += (where.empty() ? " WHERE " : " AND ") + condition;
    };
    if (filter.start_date) add("m.date_of_emission >= DATE '" + db::format_date(*filter.start_date) + "'");
    if (filter.end_date) add("m.date_of_emission <= DATE '" + db::format_date(*filter.end_date) + "'");
    if (filter.status) {
        // Re-derived from the enum, never the caller's text.
        const auto status = parse_movement_status(*filter.status);
        if (!status) throw internal("export filter with an unknown status");
        add("m.status = '" + std::string(to_string(*status)) + "'");
    }
    return where;
}

}  // namespace bh::budget
