#pragma once
// Paged listings without HTTP or SQL: what a caller asks for (a page, its size, an order by named
// fields), what a listing accepts (sizes, sortable fields, its default order), and what comes back (the
// items and how many match). The HTTP adapter (http/paging.h) reads a PageRequest from a query string
// against the ListingRules; the database helper (db/listing.h) turns it into an allow-listed ORDER BY
// with LIMIT and OFFSET, or, for a request that carries the cursor of the page before (`after`), into
// a keyset condition that starts where that page ended (no OFFSET: deep pages cost what the first
// does). Stores and flows see only these types.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bh {

struct SortKey {
    std::string field;  // a name of ListingRules::sort_fields
    bool descending = false;
};

struct PageRequest {
    std::int64_t page = 0;  // 0-based
    std::int64_t size = 20;
    std::vector<SortKey> sort = {};  // most significant first; the listing's default when empty
    // Keyset paging: the next_cursor of the page before, opaque to everything but db/listing (which
    // refuses one made for another order). With it the rows come after that page's last, `page` is 0.
    std::optional<std::string> after = {};

    std::int64_t offset() const { return after ? 0 : page * size; }
    std::int64_t limit() const { return size; }
};

// The longest cursor handed out or accepted (it travels in a query string; http.max_header_bytes is
// 16 KiB). A page whose last row's sort values would not fit gets no cursor.
inline constexpr std::size_t kMaxCursorBytes = 4096;

struct ListingRules {
    std::int64_t default_size = 20;
    std::int64_t max_size = 100;
    std::vector<std::string> sort_fields = {};  // in the order error messages list them
    std::string default_sort_field = {};        // one of sort_fields; empty = the first
    bool default_descending = false;
};

template <class T>
struct Page {
    std::vector<T> items;
    std::int64_t total = 0;     // rows that match (at most the listing's count cap)
    bool total_capped = false;  // more rows match than the cap counts
    // Where the next page starts (PageRequest::after) when more rows follow this page; absent on the
    // last page, or when the last row's sort values are too long to carry in a URL.
    std::optional<std::string> next_cursor = {};
};

}  // namespace bh
