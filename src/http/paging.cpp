#include "http/paging.h"

#include <charconv>

#include "core/error.h"
#include "core/uuid.h"

namespace bh::http {

namespace {

std::int64_t integer_param(const Request& request, const char* name, std::int64_t fallback) {
    const auto raw = request.query_param(name);
    if (!raw || raw->empty()) return fallback;
    std::int64_t value = 0;
    const auto* end = raw->data() + raw->size();
    const auto [ptr, ec] = std::from_chars(raw->data(), end, value);
    if (ec != std::errc() || ptr != end) {
        throw bad_request(std::string("Invalid paging: '") + name + "' must be an integer")
            .with_fields({{name, "must be an integer"}});
    }
    return value;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return out;
}

}  // namespace

std::string PageRequest::order_by_sql() const {
    const char* direction = descending ? " DESC" : " ASC";
    std::string sql = sort_column + direction;
    if (!tie_breaker_column.empty() && tie_breaker_column != sort_column)
        sql += ", " + tie_breaker_column + direction;
    return sql;
}

PageRequest parse_page_request(const Request& request, const PagingRules& rules) {
    PageRequest page;
    page.page = integer_param(request, "page", 0);
    if (page.page < 0)
        throw bad_request("Invalid paging: 'page' must be 0 or more").with_fields({{"page", "must be >= 0"}});
    page.size = integer_param(request, "size", rules.default_size);
    if (page.size < 1 || page.size > rules.max_size) {
        const auto message = "must be between 1 and " + std::to_string(rules.max_size);
        throw bad_request("Invalid paging: 'size' " + message).with_fields({{"size", message}});
    }
    if (page.page > (INT64_MAX / 2) / page.size) {
        throw bad_request("Invalid paging: 'page' is too large").with_fields({{"page", "too large"}});
    }
    page.tie_breaker_column = rules.tie_breaker_column;

    std::string field = rules.default_sort_field;
    if (field.empty() && !rules.sort_columns.empty()) field = rules.sort_columns.front().first;
    page.descending = rules.default_descending;
    if (const auto sort = request.query_param("sort"); sort && !sort->empty()) {
        const auto comma = sort->find(',');
        field = sort->substr(0, comma);
        if (comma != std::string::npos) {
            const auto direction = lower(sort->substr(comma + 1));
            if (direction == "desc") {
                page.descending = true;
            } else if (direction == "asc") {
                page.descending = false;
            } else {
                throw bad_request("Invalid paging: sort direction must be asc or desc")
                    .with_fields({{"sort", "direction must be asc or desc"}});
            }
        }
    }
    for (const auto& [name, column] : rules.sort_columns) {
        if (name == field) {
            page.sort_field = name;
            page.sort_column = column;
            return page;
        }
    }
    std::string allowed;
    for (const auto& [name, column] : rules.sort_columns) allowed += (allowed.empty() ? "" : ", ") + name;
    throw bad_request("Invalid paging: cannot sort by '" + field + "' (allowed: " + allowed + ")")
        .with_fields({{"sort", "allowed fields: " + allowed}});
}

boost::json::object page_body(const PageRequest& page, std::int64_t total_elements,
                              boost::json::array content) {
    const auto count = static_cast<std::int64_t>(content.size());
    const auto total_pages = (total_elements + page.size - 1) / page.size;
    boost::json::object sort{{"sorted", !page.sort_field.empty()},
                             {"unsorted", page.sort_field.empty()},
                             {"empty", page.sort_field.empty()},
                             {"direction", page.descending ? "DESC" : "ASC"}};
    if (page.sort_field.empty()) {
        sort["field"] = nullptr;
    } else {
        sort["field"] = page.sort_field;
    }
    boost::json::object pageable{{"correlationId", Uuid::v7().to_string()},
                                 {"pageNumber", page.page},
                                 {"pageSize", page.size},
                                 {"offset", page.offset()},
                                 {"paged", true},
                                 {"unpaged", false},
                                 {"sort", std::move(sort)}};
    boost::json::object body;
    body["content"] = std::move(content);
    body["pageSize"] = page.size;
    body["totalElements"] = total_elements;
    body["totalPages"] = total_pages;
    body["pageable"] = std::move(pageable);
    body["first"] = page.page == 0;
    body["last"] = page.page + 1 >= total_pages;
    body["numberOfElements"] = count;
    body["empty"] = count == 0;
    return body;
}

}  // namespace bh::http
