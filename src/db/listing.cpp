// Paged listings: see listing.h.
#include "db/listing.h"

#include <stdexcept>

#include "core/error.h"

namespace bh::db {

namespace asio = boost::asio;

Listing::Listing(ListingSpec spec) : spec_(std::move(spec)) {
    if (spec_.sort_columns.empty() || spec_.tie_breaker.empty())
        throw std::logic_error("a listing needs sortable columns and a tie-breaker");
    if (spec_.count_from.empty()) throw std::logic_error("a listing needs the tables it counts");
    rules_.default_size = spec_.default_size;
    rules_.max_size = spec_.max_size;
    for (const auto& [field, column] : spec_.sort_columns) rules_.sort_fields.push_back(field);
    rules_.default_sort_field =
        spec_.default_sort_field.empty() ? spec_.sort_columns.front().first : spec_.default_sort_field;
    rules_.default_descending = spec_.default_descending;
}

std::string Listing::order_by(const PageRequest& page) const {
    std::vector<SortKey> sort = page.sort;
    if (sort.empty()) sort.push_back({rules_.default_sort_field, rules_.default_descending});
    std::string sql;
    bool has_tie_breaker = false;
    for (const auto& key : sort) {
        const std::string* column = nullptr;
        for (const auto& [field, mapped] : spec_.sort_columns) {
            if (field == key.field) column = &mapped;
        }
        if (column == nullptr) throw std::logic_error("sort field '" + key.field + "' is not in the listing");
        if (!sql.empty()) sql += ", ";
        sql += *column + (key.descending ? " DESC" : " ASC");
        has_tie_breaker = has_tie_breaker || *column == spec_.tie_breaker;
    }
    if (!has_tie_breaker) sql += ", " + spec_.tie_breaker + (sort.front().descending ? " DESC" : " ASC");
    return sql;
}

Where& Where::append(std::string_view condition, std::size_t first_param) {
    sql_ += sql_.empty() ? " WHERE " : " AND ";
    auto next = first_param;
    for (const char c : condition) {
        if (c == '$') {
            sql_ += '$' + std::to_string(next++);
        } else {
            sql_ += c;
        }
    }
    if (next != params_.size() + 1) throw std::logic_error("a condition's `$` and its values do not match");
    return *this;
}

std::string contains_pattern(std::string_view text) {
    std::string pattern = "%";
    for (const char c : text) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
    }
    return pattern + "%";
}

asio::awaitable<RowsPage> list_page(Connection& connection, const Listing& listing, const Where& where,
                                    const PageRequest& page) {
    const auto& cap = listing.count_cap();
    if (cap && page.offset() + page.limit() > *cap) {
        throw bad_request("Invalid paging: pages end at row " + std::to_string(*cap) +
                          "; narrow the filters" +
                          (listing.narrow_by().empty() ? "" : " (" + listing.narrow_by() + ")"))
            .with_fields({{"page", "beyond row " + std::to_string(*cap)}});
    }
    RowsPage out;
    Params count_params = where.params();
    std::string count_sql;
    if (cap) {
        count_params.add(*cap + 1);
        count_sql = "SELECT count(*) FROM (SELECT 1 FROM " + listing.count_from() + where.sql() + " LIMIT $" +
                    std::to_string(count_params.size()) + ") c";
    } else {
        count_sql = "SELECT count(*) FROM " + listing.count_from() + where.sql();
    }
    const auto counted = (co_await connection.query(count_sql, count_params)).one().get<std::int64_t>(0);
    out.total_capped = cap && counted > *cap;
    out.total = cap ? std::min(counted, *cap) : counted;
    if (page.offset() >= out.total) co_return out;

    Params page_params = where.params();
    page_params.add(page.limit()).add(page.offset());
    const auto n = page_params.size();
    out.rows =
        co_await connection.query(listing.select() + where.sql() + " ORDER BY " + listing.order_by(page) +
                                      " LIMIT $" + std::to_string(n - 1) + " OFFSET $" + std::to_string(n),
                                  page_params);
    co_return out;
}

}  // namespace bh::db
