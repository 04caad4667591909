#pragma once
// Paged listings as the contract has them: `page` (0-based), `size`, `sort=<field>,<asc|desc>` in
// (plus our keyset addition, `after=<nextCursor of the page before>`, docs/api.md "Paging")
// (read into the neutral core/paging.h PageRequest, checked against the listing's rules); the
// CustomPage body out. Sort fields are names from the listing's allow-list; the SQL they map to is
// db/listing.h's, so a request can never put its own text into an ORDER BY. `sort` is read the way Spring's
// Pageable reads it and the way generated clients send it: repeated for several columns, the
// direction optional (asc), and the value percent-encoded once more than the query needs
// (`sort=name%252Casc`, seed-spec §9.1: ng-openapi-gen encodes array items before Angular does).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/paging.h"
#include "http/message.h"

namespace bh::http {

// Throws AppError BadRequest (VALIDATION_ERROR) naming the parameter: page < 0 or not a number,
// size outside 1..max_size, an unknown sort field or direction (parse_sort), `after` with a `page`
// other than 0 or longer than a cursor can be (its content is checked by db/listing).
PageRequest parse_page_request(const Request& request, const ListingRules& rules);

// The `sort` values of one request (each already URL-decoded once), in order. A value that still
// holds %XX escapes is decoded once more (double-encoded by the client), then read as
// `field[,field...][,asc|desc]` (direction case-insensitive, default asc; an empty value is
// ignored; a repeated field keeps its first position). No values → the rules' default order.
// Throws BadRequest on the field `sort` for an unknown field (naming it and the allowed ones) or a
// direction other than asc/desc.
std::vector<SortKey> parse_sort(const std::vector<std::string>& values, const ListingRules& rules);

// The contract's CustomPage: content, pageSize, totalElements, totalPages, pageable{correlationId,
// pageNumber, pageSize, offset, paged, unpaged, sort{sorted, unsorted, empty, field, direction}},
// first, last, numberOfElements, empty; `totalElementsCapped: true` when the total stopped counting;
// `nextCursor` when more rows follow (send it back as `after` for the next page, keyset).
boost::json::object page_body(const PageRequest& page, std::int64_t total_elements,
                              boost::json::array content, bool total_capped = false,
                              const std::optional<std::string>& next_cursor = std::nullopt);

// page_body() of a Page, each item written by `to_json`.
template <class T, class ToJson>
boost::json::object page_body(const PageRequest& request, const Page<T>& page, ToJson to_json) {
    boost::json::array content;
    for (const auto& item : page.items) content.push_back(to_json(item));
    return page_body(request, page.total, std::move(content), page.total_capped, page.next_cursor);
}

}  // namespace bh::http
