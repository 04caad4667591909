// Paged listings: see listing.h.
#include "db/listing.h"

#include <stdexcept>

#include "core/base64url.h"
#include "core/error.h"
#include "db/sql_error.h"

namespace bh::db {

namespace asio = boost::asio;

namespace {

AppError bad_cursor(std::string_view why) {
    return bad_request("Invalid paging: 'after' " + std::string(why))
        .with_fields({{"after", std::string(why)}});
}

// What a cursor is made for: the order's fields and directions ("dateOfEmission-,~-": the tie-breaker is
// "~"), so a cursor of one order is never read as a position in another.
std::string order_signature(const std::vector<Listing::OrderKey>& order) {
    std::string signature;
    for (const auto& key : order) {
        if (!signature.empty()) signature += ',';
        signature += key.field.empty() ? std::string_view("~") : key.field;
        signature += key.descending ? '-' : '+';
    }
    return signature;
}

}  // namespace

Listing::Listing(ListingSpec spec) : spec_(std::move(spec)) {
    if (spec_.sort_columns.empty() || spec_.tie_breaker.empty())
        throw std::logic_error("a listing needs sortable columns and a tie-breaker");
    if (spec_.columns.empty() || spec_.from.empty())
        throw std::logic_error("a listing needs its columns and the tables it reads");
    rules_.default_size = spec_.default_size;
    rules_.max_size = spec_.max_size;
    for (const auto& column : spec_.sort_columns) rules_.sort_fields.push_back(column.field);
    rules_.default_sort_field =
        spec_.default_sort_field.empty() ? spec_.sort_columns.front().field : spec_.default_sort_field;
    rules_.default_descending = spec_.default_descending;
}

std::vector<Listing::OrderKey> Listing::order(const PageRequest& page) const {
    std::vector<SortKey> sort = page.sort;
    if (sort.empty()) sort.push_back({rules_.default_sort_field, rules_.default_descending});
    std::vector<OrderKey> keys;
    bool has_tie_breaker = false;
    for (const auto& key : sort) {
        const SortColumn* column = nullptr;
        for (const auto& candidate : spec_.sort_columns) {
            if (candidate.field == key.field) column = &candidate;
        }
        if (column == nullptr) throw std::logic_error("sort field '" + key.field + "' is not in the listing");
        keys.push_back({column->field, column->sql, key.descending, column->nullable});
        has_tie_breaker = has_tie_breaker || column->sql == spec_.tie_breaker;
    }
    if (!has_tie_breaker) keys.push_back({"", spec_.tie_breaker, sort.front().descending, false});
    return keys;
}

std::string Listing::order_by(const PageRequest& page) const {
    std::string sql;
    for (const auto& key : order(page)) {
        if (!sql.empty()) sql += ", ";
        sql += std::string(key.sql) + (key.descending ? " DESC" : " ASC");
    }
    return sql;
}

void Listing::add_keyset(Where& where, const std::vector<OrderKey>& order,
                         const std::vector<std::optional<std::string>>& values) {
    if (order.empty() || values.size() != order.size()) throw std::logic_error("keyset values do not match");
    bool one_way = true;
    for (const auto& key : order) {
        one_way = one_way && !key.nullable && key.descending == order.front().descending;
    }
    std::string condition;
    std::vector<std::optional<std::string>> params;
    if (one_way) {
        std::string keys;
        std::string marks;
        for (std::size_t i = 0; i < order.size(); ++i) {
            keys += (i ? ", " : "") + std::string(order[i].sql);
            marks += i ? ", $" : "$";
            params.push_back(values[i]);
        }
        condition = order.size() == 1
                        ? keys + (order.front().descending ? " < " : " > ") + marks
                        : "(" + keys + ") " + (order.front().descending ? "<" : ">") + " (" + marks + ")";
        where.add_each(condition, params);
        return;
    }
    // a after v OR (a = v AND (b after w OR (b = w AND ...))), the innermost key without the tie.
    // PostgreSQL's default NULL placement: last when ascending, first when descending.
    std::string closing;
    for (std::size_t i = 0; i < order.size(); ++i) {
        const auto& key = order[i];
        const std::string sql(key.sql);
        const auto& value = values[i];
        std::string after;
        if (!value) {
            after = key.descending ? sql + " IS NOT NULL" : "FALSE";
        } else {
            after = sql + (key.descending ? " < $" : " > $");
            params.push_back(value);
            if (key.nullable && !key.descending) after = "(" + after + " OR " + sql + " IS NULL)";
        }
        const bool last = i + 1 == order.size();
        condition += last ? after : "(" + after + " OR (";
        if (last) break;
        if (value) {
            condition += sql + " = $";
            params.push_back(value);
        } else {
            condition += sql + " IS NULL";
        }
        condition += " AND ";
        closing += "))";
    }
    where.add_each(condition + closing, params);
}

std::optional<std::string> Listing::encode_cursor(const std::vector<OrderKey>& order, const Cursor& cursor) {
    // signature, then per key "-" for NULL or "<length>:<text>", then "\n<total>" ("+" when capped) and
    // "." (a cut cursor loses it: refused, never read as a smaller total);
    // base64url of it all.
    std::string raw = order_signature(order) + '\n';
    for (const auto& value : cursor.values) {
        if (value) {
            raw += std::to_string(value->size()) + ':' + *value;
        } else {
            raw += '-';
        }
    }
    raw += '\n' + std::to_string(cursor.total) + (cursor.total_capped ? "+." : ".");
    auto encoded = base64url_encode(raw);
    if (encoded.size() > kMaxCursorBytes) return std::nullopt;
    return encoded;
}

Listing::Cursor Listing::decode_cursor(const std::vector<OrderKey>& order, std::string_view cursor) {
    if (cursor.size() > kMaxCursorBytes) throw bad_cursor("is too long");
    const auto raw = base64url_decode(cursor);
    if (!raw) throw bad_cursor("is not a cursor this server handed out");
    const auto signature = order_signature(order) + '\n';
    if (raw->compare(0, signature.size(), signature) != 0) {
        throw bad_cursor("was made for another sort order; send the same sort as the page it came from");
    }
    std::vector<std::optional<std::string>> values;
    std::string_view rest = std::string_view(*raw).substr(signature.size());
    while (!rest.empty() && values.size() < order.size()) {
        if (rest.front() == '-') {
            if (!order[values.size()].nullable) break;
            values.emplace_back(std::nullopt);
            rest.remove_prefix(1);
            continue;
        }
        const auto colon = rest.find(':');
        const auto digits = rest.substr(0, colon);
        bool well_formed = colon != std::string_view::npos && !digits.empty() && digits.size() <= 5;
        std::size_t length = 0;
        for (const char c : digits) {
            well_formed = well_formed && c >= '0' && c <= '9';
            length = length * 10 + static_cast<std::size_t>(c - '0');
        }
        if (!well_formed) break;
        rest.remove_prefix(colon + 1);
        if (length > rest.size()) break;
        values.emplace_back(std::string(rest.substr(0, length)));
        rest.remove_prefix(length);
    }
    // "\n<total>[+].": at most 18 digits (no overflow).
    Cursor out{.values = std::move(values)};
    const bool terminated = rest.ends_with('.');
    if (terminated) rest.remove_suffix(1);
    out.total_capped = rest.ends_with('+');
    if (out.total_capped) rest.remove_suffix(1);
    bool well_formed = terminated && out.values.size() == order.size() && rest.size() >= 2 &&
                       rest.size() <= 19 && rest.front() == '\n';
    for (const char c : rest.substr(well_formed ? 1 : rest.size())) {
        well_formed = well_formed && c >= '0' && c <= '9';
        out.total = out.total * 10 + (c - '0');
    }
    if (!well_formed) throw bad_cursor("is not a cursor this server handed out");
    return out;
}

Where& Where::add_each(std::string_view condition, const std::vector<std::optional<std::string>>& values) {
    const auto first = params_.size() + 1;
    for (const auto& value : values) params_.add(value);
    return append(condition, first);
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

namespace {

// The total of the rows `where` matches, capped when the listing says so.
asio::awaitable<void> count_rows(Connection& connection, const Listing& listing, const Where& where,
                                 RowsPage& out) {
    const auto& cap = listing.count_cap();
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
}

}  // namespace

asio::awaitable<RowsPage> list_page(Connection& connection, const Listing& listing, const Where& where,
                                    const PageRequest& page) {
    const auto& cap = listing.count_cap();
    if (cap && !page.after && page.offset() + page.limit() > *cap) {
        throw bad_request(
            "Invalid paging: pages end at row " + std::to_string(*cap) + "; narrow the filters" +
            (listing.narrow_by().empty() ? "" : " (" + listing.narrow_by() + ")") + ", or follow nextCursor")
            .with_fields({{"page", "beyond row " + std::to_string(*cap)}});
    }
    const auto order = listing.order(page);
    // Decoded before any query: a bad cursor costs nothing.
    Where page_where = where;
    std::optional<Listing::Cursor> after;
    if (page.after) {
        after = Listing::decode_cursor(order, *page.after);
        Listing::add_keyset(page_where, order, after->values);
    }

    RowsPage out;
    if (after) {
        out.total = after->total;
        out.total_capped = after->total_capped;
    } else {
        co_await count_rows(connection, listing, where, out);
    }
    if (!page.after && page.offset() >= out.total) co_return out;

    // The select list, then each order key (for the next cursor); one look-ahead row.
    std::string sql = "SELECT " + listing.columns();
    for (const auto& key : order) sql += ", " + std::string(key.sql);
    sql += " FROM " + listing.from() + page_where.sql() + " ORDER BY " + listing.order_by(page);
    Params page_params = page_where.params();
    page_params.add(page.limit() + 1);
    sql += " LIMIT $" + std::to_string(page_params.size());
    if (!page.after) {
        page_params.add(page.offset());
        sql += " OFFSET $" + std::to_string(page_params.size());
    }
    bool refused = false;
    try {
        out.result = co_await connection.query(sql, page_params);
    } catch (const DbError& e) {
        // A cursor whose values do not fit the keys' types (it was edited): the client's mistake.
        if (!page.after || e.kind() != ErrorKind::BadRequest) throw;
        refused = true;
    }
    if (refused) throw bad_cursor("is not a cursor this server handed out");
    const auto limit = static_cast<std::size_t>(page.limit());
    out.count = std::min(out.result.size(), limit);
    if (out.result.size() > limit) {
        const auto last = out.result[limit - 1];
        const auto first_key = last.columns() - static_cast<int>(order.size());
        std::vector<std::optional<std::string>> values;
        for (int i = 0; i < static_cast<int>(order.size()); ++i) {
            if (last.is_null(first_key + i)) {
                values.emplace_back(std::nullopt);
            } else {
                values.emplace_back(std::string(last.text(first_key + i)));
            }
        }
        out.next_cursor = Listing::encode_cursor(
            order, {.values = std::move(values), .total = out.total, .total_capped = out.total_capped});
    }
    co_return out;
}

}  // namespace bh::db
