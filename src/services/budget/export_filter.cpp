#include "services/budget/export_filter.h"

#include "core/error.h"
#include "db/time_text.h"
#include "services/budget/domain/movement_status.h"

namespace bh::budget {

ExportFilter read_export_filter(const http::Request& request) {
    ExportFilter filter;
    std::vector<FieldError> errors;
    auto read_date = [&](const char* name) -> std::optional<std::chrono::year_month_day> {
        const auto text = request.query_param(name);
        if (!text || text->empty()) return std::nullopt;
        auto date = db::parse_date(*text);
        if (!date) errors.push_back({name, "must be a date (YYYY-MM-DD)"});
        return date;
    };
    filter.start_date = read_date("startDate");
    filter.end_date = read_date("endDate");
    if (const auto status = request.query_param("status"); status && !status->empty()) {
        if (const auto parsed = parse_movement_status(*status)) {
            filter.status = std::string(to_string(*parsed));
        } else {
            errors.push_back({"status",
                              "must be one of ACCEPTED, PROCESSING, REFUSED, CANCELED, FAILED, REFUNDED, "
                              "SUCCEEDED"});
        }
    }
    if (filter.start_date && filter.end_date &&
        std::chrono::sys_days(*filter.start_date) > std::chrono::sys_days(*filter.end_date)) {
        errors.push_back({"startDate", "must not be after endDate"});
    }
    if (!errors.empty()) throw bad_request("Invalid export parameters").with_fields(std::move(errors));
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
