#pragma once
// Paged listings as the contract has them: `page` (0-based), `size`, `sort=<field>,<asc|desc>` in;
// the CustomPage body out. Sort fields are whitelisted per listing and mapped to SQL columns here,
// so a request can never put its own text into an ORDER BY. `sort` is read the way Spring's
// Pageable reads it and the way generated clients send it: repeated for several columns, the
// direction optional (asc), and the value percent-encoded once more than the query needs
// (`sort=name%252Casc`, seed-spec §9.1: ng-openapi-gen encodes array items before Angular does).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "http/message.h"

namespace bh::http {

struct PagingRules {
    std::int64_t default_size = 20;
    std::int64_t max_size = 100;
    // API field name → SQL column (or expression), e.g. {"name", "lower(name)"}.
    std::vector<std::pair<std::string, std::string>> sort_columns;
    std::string default_sort_field;  // one of sort_columns; empty = the first
    bool default_descending = false;
    std::string tie_breaker_column = "id";  // keeps pages stable when sort values repeat
};

struct SortOrder {
    std::string field;   // API name, as echoed in the body
    std::string column;  // SQL, from the whitelist
    bool descending = false;
};

struct PageRequest {
    std::int64_t page = 0;
    std::int64_t size = 20;
    std::vector<SortOrder> sort;  // most significant first; never empty once parsed
    std::string tie_breaker_column = "id";

    std::int64_t offset() const { return page * size; }
    std::int64_t limit() const { return size; }
    // "lower(name) ASC, id ASC": safe to splice into SQL (whitelisted columns, fixed directions).
    // The tie-breaker follows the first order's direction unless it is already one of the orders.
    std::string order_by_sql() const;
};

// Throws AppError BadRequest (VALIDATION_ERROR) naming the parameter: page < 0 or not a number,
// size outside 1..max_size, an unknown sort field or direction (parse_sort).
PageRequest parse_page_request(const Request& request, const PagingRules& rules);

// The `sort` values of one request (each already URL-decoded once), in order. A value that still
// holds %XX escapes is decoded once more (double-encoded by the client), then read as
// `field[,field...][,asc|desc]` (direction case-insensitive, default asc; an empty value is
// ignored; a repeated field keeps its first position). No values → the rules' default order.
// Throws BadRequest on the field `sort` for an unknown field (naming it and the allowed ones) or a
// direction other than asc/desc.
std::vector<SortOrder> parse_sort(const std::vector<std::string>& values, const PagingRules& rules);

// The contract's CustomPage: content, pageSize, totalElements, totalPages, pageable{correlationId,
// pageNumber, pageSize, offset, paged, unpaged, sort{sorted, unsorted, empty, field, direction}},
// first, last, numberOfElements, empty.
boost::json::object page_body(const PageRequest& page, std::int64_t total_elements,
                              boost::json::array content);

}  // namespace bh::http
