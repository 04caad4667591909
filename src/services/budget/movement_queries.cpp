#include "services/budget/movement_queries.h"

#include "core/error.h"
#include "services/budget/row_mapping.h"

namespace bh::budget {

namespace {

namespace asio = boost::asio;
using std::string;

// Movements with their type, subtype and supplier, as read_movement(row, true) expects.
const string kJoinedSelect = "SELECT " + string(kMovementColumns) + ", " + string(kTypeColumns) + ", " +
                             string(kSubtypeColumns) + ", " + string(kSupplierColumns) +
                             string(kMovementJoins);
const string kByIdsSql = kJoinedSelect + " WHERE m.id = ANY($1::uuid[])";
const db::Statement kByIds{"budget.movement_by_ids", kByIdsSql};

// " WHERE ..." with $n placeholders, and their values.
std::pair<string, db::Params> where_clause(const MovementFilter& f) {
    string sql;
    db::Params params;
    auto add = [&](const string& condition) {
        sql += (sql.empty() ? " WHERE " : " AND ") + condition + std::to_string(params.size());
    };
    if (f.start_date) {
        params.add(*f.start_date);
        add("m.date_of_emission >= $");
        sql += "::date";
    }
    if (f.end_date) {
        params.add(*f.end_date);
        add("m.date_of_emission <= $");
        sql += "::date";
    }
    if (f.status) {
        params.add(to_string(*f.status));
        add("m.status = $");
    }
    if (f.type_id) {
        params.add(*f.type_id);
        add("m.budget_type_id = $");
        sql += "::uuid";
    }
    if (f.subtype_id) {
        params.add(*f.subtype_id);
        add("m.budget_subtype_id = $");
        sql += "::uuid";
    }
    if (f.supplier_id) {
        params.add(*f.supplier_id);
        add("m.supplier_id = $");
        sql += "::uuid";
    }
    return {sql, params};
}

}  // namespace

const http::PagingRules& movement_paging_rules() {
    static const http::PagingRules rules{
        .default_size = 20,
        .max_size = 100,
        .sort_columns = {{"id", "m.id"},
                         {"dateOfEmission", "m.date_of_emission"},
                         {"documentNumber", "m.document_number"}},
        .default_sort_field = "id",
        .default_descending = false,
        .tie_breaker_column = "m.id",
    };
    return rules;
}

asio::awaitable<MovementPage> MovementQueries::list(const MovementFilter& filter,
                                                    const http::PageRequest& page) {
    if (page.offset() + page.limit() > kMovementCountCap) {
        throw bad_request("Invalid paging: pages end at row " + std::to_string(kMovementCountCap) +
                          "; narrow the filters (dates, status, budget, supplier)")
            .with_fields({{"page", "beyond row " + std::to_string(kMovementCountCap)}});
    }
    const auto [where, params] = where_clause(filter);
    auto lease = co_await pool_.acquire();

    auto count_params = params;
    count_params.add(kMovementCountCap + 1);
    const auto counted = (co_await lease->query("SELECT count(*) FROM (SELECT 1 FROM movements m" + where +
                                                    " LIMIT $" + std::to_string(count_params.size()) + ") c",
                                                count_params))
                             .one()
                             .get<std::int64_t>(0);
    MovementPage out;
    out.total_capped = counted > kMovementCountCap;
    out.page.total = std::min(counted, kMovementCountCap);
    if (page.offset() >= out.page.total) co_return out;

    auto page_params = params;
    page_params.add(page.limit()).add(page.offset());
    const auto n = page_params.size();
    const auto rows =
        co_await lease->query(kJoinedSelect + where + " ORDER BY " + page.order_by_sql() + " LIMIT $" +
                                  std::to_string(n - 1) + " OFFSET $" + std::to_string(n),
                              page_params);
    for (const auto& row : rows) out.page.items.push_back(read_movement(row, true));
    co_return out;
}

asio::awaitable<std::vector<MovementRecord>> MovementQueries::by_ids(const std::vector<Uuid>& ids) {
    std::vector<MovementRecord> out;
    if (ids.empty()) co_return out;
    // A Postgres array literal: canonical UUID text needs no quoting.
    string array = "{";
    for (const auto& id : ids) array += (array.size() > 1 ? "," : "") + id.to_string();
    array += "}";
    auto lease = co_await pool_.acquire();
    const auto rows = co_await lease->execute(kByIds, db::Params{array});
    for (const auto& row : rows) out.push_back(read_movement(row, true));
    co_return out;
}

}  // namespace bh::budget
