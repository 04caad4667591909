#pragma once
// One way to list a table page by page. A Listing declares, next to its store, the sizes a caller may
// ask for, the sortable fields with the SQL column or expression each maps to (the allow-list: a request
// never puts its own text into SQL), the tie-breaker that keeps pages stable, and optionally a count cap
// (a total that stops counting past it, for tables that grow without bound). Where collects the filter
// conditions with their parameters. list_page() runs the count and the page on one connection.
//
// Two ways to reach a page, one SQL builder:
// - offset: `page` and `size` -> ORDER BY ... LIMIT size OFFSET page*size (what the contract's clients
//   send; a deep page makes PostgreSQL walk and drop every row before it);
// - keyset: `after`, the next_cursor of the page before -> WHERE (sort keys) > (that page's last keys)
//   ORDER BY ... LIMIT size: as cheap at row 1,000,000 as at row 1 when an index matches the order.
// Either way the page is read with one row of look-ahead; when it comes back, the page's last row's
// sort values become next_cursor (base64url; it names the order it was made for, and a cursor of
// another order is refused with 400 on `after`).
//
//   const db::Listing& suppliers() {
//       static const db::Listing listing({.columns = "p.id, p.company_name", .from = "suppliers p",
//                                         .sort_columns = {{"id", "p.id"},
//                                                          {"companyName", "lower(p.company_name)"},
//                                                          {"email", "lower(p.email)", db::Nullable}},
//                                         .tie_breaker = "p.id"});
//       return listing;
//   }
//   db::Where where;
//   if (name) where.add("p.company_name ILIKE $ ESCAPE '\\'", db::contains_pattern(*name));
//   const auto found = co_await db::list_page(conn, suppliers(), where, page);
#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <ranges>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/paging.h"
#include "db/connection.h"
#include "db/params.h"
#include "db/result.h"

namespace bh::db {

class Where;

inline constexpr bool Nullable = true;

// A sortable field: its API name, the SQL column or expression it orders by, and whether that can be
// NULL (keyset conditions then place NULLs as PostgreSQL orders them: last ascending, first descending).
struct SortColumn {
    std::string field;
    std::string sql;
    bool nullable = false;
};

struct ListingSpec {
    std::string columns = {};  // the page's select list (readers index into it from 0)
    std::string from = {};     // "<tables and joins>" the page reads
    std::string count_from =
        {};  // what the count runs on (joins that cannot change it left out); empty = from
    std::int64_t default_size = 20;
    std::int64_t max_size = 100;
    std::vector<SortColumn> sort_columns = {};  // the allow-list
    std::string default_sort_field = {};        // empty = the first
    bool default_descending = false;
    std::string tie_breaker = "id";  // a unique, never-NULL column
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
    const std::string& columns() const { return spec_.columns; }
    const std::string& from() const { return spec_.from; }
    const std::string& count_from() const { return spec_.count_from.empty() ? spec_.from : spec_.count_from; }

    // One key of a page's order: the SQL it sorts by, its direction, whether it can be NULL.
    struct OrderKey {
        std::string_view field;  // "" for the tie-breaker added at the end
        std::string_view sql;
        bool descending = false;
        bool nullable = false;
    };
    // The request's order (the listing's default when it names none), then the tie-breaker in the first
    // key's direction unless it is already one of the keys. A field outside the allow-list is a
    // programming error (the HTTP adapter refused it already): std::logic_error.
    std::vector<OrderKey> order(const PageRequest& page) const;
    // "lower(name) ASC, id ASC": order() as an ORDER BY list.
    std::string order_by(const PageRequest& page) const;

    // The condition "after the row whose sort keys are `values`" in `order`, added to `where`: a row
    // comparison, (a, b) > ($1, $2), when every key goes one way and none can be NULL (an index on the
    // keys serves it as a range); else the expanded form, a > $1 OR (a = $1 AND b > $2), NULL-aware.
    // `values` holds one text per key (nullopt = NULL), as next_cursor carries them.
    static void add_keyset(Where& where, const std::vector<OrderKey>& order,
                           const std::vector<std::optional<std::string>>& values);
    // What a cursor carries: the last row's key values and the total counted on the walk's first page
    // (keyset pages report it instead of counting again: deep pages then cost only their rows).
    struct Cursor {
        std::vector<std::optional<std::string>> values;
        std::int64_t total = 0;
        bool total_capped = false;
        bool operator==(const Cursor&) const = default;
    };
    // The cursor for `order` (nullopt when it would be longer than kMaxCursorBytes), and back:
    // decode_cursor throws BadRequest on `after` unless the cursor is well-formed and made for this
    // very order.
    static std::optional<std::string> encode_cursor(const std::vector<OrderKey>& order, const Cursor& cursor);
    static Cursor decode_cursor(const std::vector<OrderKey>& order, std::string_view cursor);

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
    // The same with values known only at run time (nullopt is NULL).
    Where& add_each(std::string_view condition, const std::vector<std::optional<std::string>>& values);
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
    Result result;  // the page's rows, then the look-ahead row (and the key columns after the select list)
    std::size_t count = 0;  // rows of the page
    std::int64_t total = 0;
    bool total_capped = false;
    std::optional<std::string> next_cursor = {};

    // The page's rows, without the look-ahead.
    auto rows() const {
        return std::ranges::subrange(result.begin(),
                                     std::next(result.begin(), static_cast<std::ptrdiff_t>(count)));
    }
};

// The count (capped when the listing says so: an offset page past the cap is refused with 400 naming
// `page`; keyset pages go on past it, and report the total their cursor carries instead of counting),
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
    out.next_cursor = found.next_cursor;
    out.items.reserve(found.count);
    for (const auto& row : found.rows()) out.items.push_back(read(row));
    return out;
}

}  // namespace bh::db
