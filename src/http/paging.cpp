#include "http/paging.h"

#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>
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

// Every occurrence of a query parameter, URL-decoded once, in order (query_param reads only the first).
std::vector<std::string> all_query_params(const Request& request, std::string_view name) {
    std::vector<std::string> values;
    auto parsed = boost::urls::parse_query(request.query);
    if (!parsed) return values;
    for (const auto& param : boost::urls::params_view(*parsed)) {
        if (param.key == name) values.emplace_back(param.value);
    }
    return values;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return out;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// One round of percent-decoding; a '%' not followed by two hex digits is kept as it is (and then
// fails the whitelist as part of a field name).
std::string percent_decoded(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            const int high = hex_digit(text[i + 1]);
            const int low = hex_digit(text[i + 2]);
            if (high >= 0 && low >= 0) {
                out += static_cast<char>(high * 16 + low);
                i += 2;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

// The query was decoded once already; a double-encoded value (`name%252Casc` in the URL) needs one
// more round. Never more: a third level is a client bug, refused as an unknown field.
std::string fully_decoded(const std::string& value) {
    return value.find('%') == std::string::npos ? value : percent_decoded(value);
}

std::vector<std::string> split_commas(std::string_view text) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const auto comma = text.find(',', start);
        parts.emplace_back(text.substr(start, comma == std::string_view::npos ? comma : comma - start));
        if (comma == std::string_view::npos) return parts;
        start = comma + 1;
    }
}

std::string allowed_fields(const ListingRules& rules) {
    std::string allowed;
    for (const auto& name : rules.sort_fields) allowed += (allowed.empty() ? "" : ", ") + name;
    return allowed;
}

const std::string* find_field(const ListingRules& rules, std::string_view name) {
    for (const auto& field : rules.sort_fields) {
        if (field == name) return &field;
    }
    return nullptr;
}

AppError unknown_sort_field(const ListingRules& rules, std::string_view field) {
    const auto allowed = allowed_fields(rules);
    return bad_request("Invalid paging: cannot sort by '" + std::string(field) + "' (allowed: " + allowed +
                       ")")
        .with_fields({{"sort", "cannot sort by '" + std::string(field) + "'; allowed: " + allowed}});
}

AppError bad_sort_direction(std::string_view direction) {
    return bad_request("Invalid paging: sort direction must be asc or desc, not '" + std::string(direction) +
                       "'")
        .with_fields({{"sort", "direction must be asc or desc, not '" + std::string(direction) + "'"}});
}

void add_order(std::vector<SortKey>& orders, const std::string& field, bool descending) {
    for (const auto& order : orders) {
        if (order.field == field) return;
    }
    orders.push_back({field, descending});
}

}  // namespace

std::vector<SortKey> parse_sort(const std::vector<std::string>& values, const ListingRules& rules) {
    std::vector<SortKey> orders;
    for (const auto& raw : values) {
        const auto value = fully_decoded(raw);
        if (value.empty()) continue;
        auto parts = split_commas(value);
        bool descending = false;
        if (parts.size() > 1) {
            const auto direction = lower(parts.back());
            if (direction == "desc" || direction == "asc" || direction.empty()) {
                descending = direction == "desc";
                parts.pop_back();
            } else if (parts.size() == 2 && find_field(rules, parts.back()) == nullptr) {
                throw bad_sort_direction(parts.back());
            }
        }
        for (const auto& name : parts) {
            if (name.empty()) continue;
            const auto* field = find_field(rules, name);
            if (field == nullptr) throw unknown_sort_field(rules, name);
            add_order(orders, *field, descending);
        }
    }
    if (orders.empty() && !rules.sort_fields.empty()) {
        const auto* field = rules.default_sort_field.empty() ? &rules.sort_fields.front()
                                                             : find_field(rules, rules.default_sort_field);
        if (field != nullptr) orders.push_back({*field, rules.default_descending});
    }
    return orders;
}

PageRequest parse_page_request(const Request& request, const ListingRules& rules) {
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
    page.sort = parse_sort(all_query_params(request, "sort"), rules);
    if (auto after = request.query_param("after"); after && !after->empty()) {
        if (page.page != 0) {
            throw bad_request("Invalid paging: send 'page' or 'after', not both")
                .with_fields({{"after", "cannot be combined with page " + std::to_string(page.page)}});
        }
        // The cursor's content is db/listing's to judge; here only its size is bounded.
        if (after->size() > kMaxCursorBytes) {
            throw bad_request("Invalid paging: 'after' is too long").with_fields({{"after", "too long"}});
        }
        page.after = std::string(*after);
    }
    return page;
}

boost::json::object page_body(const PageRequest& page, std::int64_t total_elements,
                              boost::json::array content, bool total_capped,
                              const std::optional<std::string>& next_cursor) {
    const auto count = static_cast<std::int64_t>(content.size());
    const auto total_pages = (total_elements + page.size - 1) / page.size;
    // The contract has room for one order: the most significant one.
    const SortKey* first = page.sort.empty() ? nullptr : &page.sort.front();
    boost::json::object sort{{"sorted", first != nullptr},
                             {"unsorted", first == nullptr},
                             {"empty", first == nullptr},
                             {"direction", first != nullptr && first->descending ? "DESC" : "ASC"}};
    if (first == nullptr) {
        sort["field"] = nullptr;
    } else {
        sort["field"] = first->field;
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
    // A keyset page's position is not a page number: it is the first when no cursor led to it, the last
    // when none leads on.
    body["first"] = page.page == 0 && !page.after;
    body["last"] = page.after ? !next_cursor : page.page + 1 >= total_pages;
    body["numberOfElements"] = count;
    body["empty"] = count == 0;
    if (total_capped) body["totalElementsCapped"] = true;
    if (next_cursor) body["nextCursor"] = *next_cursor;
    return body;
}

}  // namespace bh::http
