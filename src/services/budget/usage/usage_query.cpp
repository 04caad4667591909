#include "services/budget/usage/usage_query.h"

#include <map>

#include "services/budget/row_mapping.h"

namespace bh::budget {

namespace {

namespace asio = boost::asio;
using std::string;

const string kSubtypesSql = "SELECT " + string(kSubtypeColumns) +
                            " FROM budget_subtypes s WHERE s.budget_type_id = ANY($1::uuid[]) "
                            "ORDER BY lower(s.name), s.id";
const db::Statement kSubtypes{"budget.usage_subtypes", kSubtypesSql};
// The share used in SQL numerics (exact); the window count is the number before the LIMIT.
// (db::Statement holds views: the texts live in these strings.)
const string kTypeAlertsSql =
    "SELECT " + string(kTypeColumns) +
    ", count(*) OVER () FROM budget_types t WHERE t.allocated > 0 AND t.spent * 100 >= $1::numeric * "
    "t.allocated ORDER BY t.spent / t.allocated DESC, lower(t.name), t.id LIMIT $2";
const db::Statement kTypeAlerts{"budget.usage_type_alerts", kTypeAlertsSql};
const string kSubtypeAlertsSql =
    "SELECT " + string(kSubtypeColumns) + ", " + string(kTypeColumns) +
    ", count(*) OVER () FROM budget_subtypes s JOIN budget_types t ON t.id = s.budget_type_id "
    "WHERE s.allocated > 0 AND s.spent * 100 >= $1::numeric * s.allocated "
    "ORDER BY s.spent / s.allocated DESC, lower(s.name), s.id LIMIT $2";
const db::Statement kSubtypeAlerts{"budget.usage_subtype_alerts", kSubtypeAlertsSql};

}  // namespace

const db::Listing& usage_listing() {
    static const db::Listing listing({.columns = string(kTypeColumns),
                                      .from = "budget_types t",
                                      .sort_columns = {{"name", "lower(t.name)"}, {"id", "t.id"}},
                                      .default_sort_field = "name",
                                      .tie_breaker = "t.id"});
    return listing;
}

asio::awaitable<Page<TypeUsage>> UsageQuery::summary(const PageRequest& page) {
    auto lease = co_await pool_.acquire();
    const db::Where every_type;
    const auto types = co_await db::list_page(*lease, usage_listing(), every_type, page);
    Page<TypeUsage> out;
    out.total = types.total;
    out.next_cursor = types.next_cursor;
    std::map<Uuid, std::size_t> index;
    string ids = "{";
    for (const auto& row : types.rows()) {
        index[row.get<Uuid>(0)] = out.items.size();
        out.items.push_back({read_type(row), {}});
        if (ids.size() > 1) ids += ',';
        ids += out.items.back().type.id.to_string();
    }
    ids += "}";
    if (out.items.empty()) co_return out;
    const auto subtype_rows = co_await lease->execute(kSubtypes, db::Params{ids});
    for (const auto& row : subtype_rows) {
        auto subtype = read_subtype(row);
        out.items[index.at(subtype.type_id)].subtypes.push_back(std::move(subtype));
    }
    co_return out;
}

asio::awaitable<UsageAlerts> UsageQuery::alerts(int percent, int limit) {
    auto lease = co_await pool_.acquire();
    UsageAlerts out;
    const db::Params params{percent, limit};
    const auto types = co_await lease->execute(kTypeAlerts, params);
    for (const auto& row : types) {
        out.types.push_back(read_type(row));
        out.total_types = row.get<std::int64_t>(kTypeColumnCount);
    }
    const auto subtypes = co_await lease->execute(kSubtypeAlerts, params);
    for (const auto& row : subtypes) {
        out.subtypes.push_back({read_subtype(row), read_type(row, kSubtypeColumnCount)});
        out.total_subtypes = row.get<std::int64_t>(kSubtypeColumnCount + kTypeColumnCount);
    }
    co_return out;
}

}  // namespace bh::budget
