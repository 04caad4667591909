#include "services/budget/ledger/movement_queries.h"

#include "core/error.h"
#include "services/budget/row_mapping.h"

namespace bh::budget {

namespace {

namespace asio = boost::asio;
using std::string;

// Movements with their type, subtype and supplier, as read_movement(row, true) expects.
const string kJoinedColumns = string(kMovementColumns) + ", " + string(kTypeColumns) + ", " +
                              string(kSubtypeColumns) + ", " + string(kSupplierColumns);
const string kByIdsSql =
    "SELECT " + kJoinedColumns + " FROM " + string(kMovementTables) + " WHERE m.id = ANY($1::uuid[])";
const db::Statement kByIds{"budget.movement_by_ids", kByIdsSql};

}  // namespace

db::Where movement_where(const MovementFilter& f) {
    db::Where where;
    if (f.start_date) where.add("m.date_of_emission >= $::date", *f.start_date);
    if (f.end_date) where.add("m.date_of_emission <= $::date", *f.end_date);
    if (f.status) where.add("m.status = $", string(to_string(*f.status)));
    if (f.type_id && f.subtype_id) {
        // A movement of a subtype carries the subtype's type (re-parenting a subtype moves its movements
        // along, subtype_store.cpp), so "of this type" is a question about the subtype, asked once; the
        // rows are then found by the subtype's indexes alone (with both conditions PostgreSQL
        // intersected the type's 50,000 rows with the subtype's 5,000 and read each from the heap).
        where.add("m.budget_subtype_id = $::uuid", *f.subtype_id);
        where.add(
            "EXISTS (SELECT 1 FROM budget_subtypes bs WHERE bs.id = $::uuid AND bs.budget_type_id = $::uuid)",
            *f.subtype_id, *f.type_id);
    } else if (f.type_id) {
        where.add("m.budget_type_id = $::uuid", *f.type_id);
    } else if (f.subtype_id) {
        where.add("m.budget_subtype_id = $::uuid", *f.subtype_id);
    }
    if (f.supplier_id) where.add("m.supplier_id = $::uuid", *f.supplier_id);
    return where;
}

const db::Listing& movement_listing() {
    // The count needs no joins: each is a LEFT JOIN on a foreign key, never multiplying rows.
    static const db::Listing listing({
        .columns = kJoinedColumns,
        .from = string(kMovementTables),
        .count_from = "movements m",
        .sort_columns = {{"id", "m.id"},
                         {"dateOfEmission", "m.date_of_emission"},
                         {"documentNumber", "m.document_number"}},
        .default_sort_field = "id",
        .tie_breaker = "m.id",
        .count_cap = kMovementCountCap,
        .narrow_by = "dates, status, budget, supplier",
    });
    return listing;
}

asio::awaitable<Page<MovementRecord>> MovementQueries::list(const MovementFilter& filter,
                                                            const PageRequest& page) {
    auto lease = co_await pool_.acquire();
    const auto where = movement_where(filter);
    const auto found = co_await db::list_page(*lease, movement_listing(), where, page);
    co_return db::read_page<MovementRecord>(found,
                                            [](const db::Row& row) { return read_movement(row, true); });
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
