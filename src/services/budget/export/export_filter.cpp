#include "services/budget/export/export_filter.h"

#include "core/error.h"
#include "runtime/query_input.h"
#include "services/budget/domain/movement_status.h"
#include "services/budget/ledger/movement_queries.h"

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

db::Where export_where(const ExportFilter& filter) {
    MovementFilter movements{.start_date = filter.start_date, .end_date = filter.end_date};
    if (filter.status) {
        movements.status = parse_movement_status(*filter.status);
        if (!movements.status) throw internal("export filter with an unknown status");
    }
    return movement_where(movements);
}

}  // namespace bh::budget
