#pragma once
// One way to list a table page by page. A Listing declares, next to its store, the sizes a caller may
// ask for, the sortable fields with the SQL column or expression each maps to (the allow-list: a request
// never puts its own text into SQL), the tie-breaker that keeps pages stable, and optionally a count cap
// (a total that stops counting past it, for tables that grow without bound). Where collects the filter
// conditions with their parameters. list_page() runs the count and the page on one connection.
//
//   const db::Listing& suppliers() {
//       static const db::Listing listing({.sort_columns = {{"id", "p.id"}, {"companyName",
//       "lower(p.company_name)"}},
//                                         .tie_breaker = "p.id"});
//       return listing;
//   }
//   db::Where where;
//   if (name) where.add("p.company_name ILIKE $ ESCAPE '\\'", db::contains_pattern(*name));
//   auto rows = co_await db::list_page(conn, {.select = "SELECT ... FROM suppliers p", .count_from =
//   "suppliers p"},
//                                      where, suppliers(), page);
#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/paging.h"
#include "db/connection.h"
#include "db/params.h"
#include "db/result.h"

namespace bh::db {

struct ListingSpec {
    std::string select = {};      // "SELECT <columns> FROM <tables>": the page's rows
    std::string count_from = {};  // "<tables>" the count runs on (joins that cannot change it left out)
    std::int64_t default_size = 20;
    std::int64_t max_size = 100;
    std::vector<std::pair<std::string, std::string>> sort_columns =
        {};                               // API field -> SQL column or expression
    std::string default_sort_field = {};  // empty = the first
    bool default_descending = false;
    std::string tie_breaker = "id";  // a unique column
    std::optional<std::int64_t> count_cap = {};
    std::string narrow_by = {};  // the filters a request past the cap is told to narrow, e.g. "dates, status"
};

class Listing {
  public:
    explicit Listing(ListingSpec spec);

    // What the HTTP adapter checks a request against.
    const ListingRules& rules() const { return rules_; }
    const std::optional<std::int64_t>& count_cap() const { return spec_.count_cap; }
    const std::string& narrow_by() const { return spec_.narrow_by; }
    const std::string& select() const { return spec_.select; }
    const std::string& count_from() const { return spec_.count_from; }
    // "lower(name) ASC, id ASC": the request's order, then the tie-breaker in the first order's direction
    // unless it is already one of the orders. A field outside the allow-list is a programming error
    // (the HTTP adapter refused it already): std::logic_error.
    std::string order_by(const PageRequest& page) const;

  private:
    ListingSpec spec_;
    ListingRules rules_;
};

// Conditions joined by AND. Each `$` in a condition takes the next of its values, numbered in order.
class Where {
  public:
    template <class... Values>
    Where& add(std::string_view condition, const Values&... values) {
        const auto first = params_.size() + 1;
        (params_.add(values), ...);
        return append(condition, first);
    }
    bool empty() const { return sql_.empty(); }
    // " WHERE a = $1 AND b = $2", or "" when there is no condition.
    const std::string& sql() const { return sql_; }
    const Params& params() const { return params_; }

  private:
    Where& append(std::string_view condition, std::size_t first_param);
    std::string sql_;
    Params params_;
};

// ILIKE's pattern for "contains `text`", with %, _ and \ escaped (use with ESCAPE '\').
std::string contains_pattern(std::string_view text);

struct RowsPage {
    Result rows;
    std::int64_t total = 0;
    bool total_capped = false;
};

// The count (capped when the listing says so: a page past the cap is refused with 400 naming `page`),
// then the page's rows when the page is not past the end.
// (g++ 12: pass `where` as a named variable, never a temporary of the co_await expression.)
boost::asio::awaitable<RowsPage> list_page(Connection& connection, const Listing& listing, const Where& where,
                                           const PageRequest& page);

// The page's rows read into T.
template <class T, class Read>
Page<T> read_page(const RowsPage& found, Read read) {
    Page<T> out;
    out.total = found.total;
    out.total_capped = found.total_capped;
    for (const auto& row : found.rows) out.items.push_back(read(row));
    return out;
}

}  // namespace bh::db
