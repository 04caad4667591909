#pragma once
// Paged listings without HTTP or SQL: what a caller asks for (a page, its size, an order by named
// fields), what a listing accepts (sizes, sortable fields, its default order), and what comes back (the
// items and how many match). The HTTP adapter (http/paging.h) reads a PageRequest from a query string
// against the ListingRules; the database helper (db/listing.h) turns it into an allow-listed ORDER BY,
// LIMIT and OFFSET. Stores and flows see only these types.
#include <cstdint>
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

    std::int64_t offset() const { return page * size; }
    std::int64_t limit() const { return size; }
};

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
};

}  // namespace bh
