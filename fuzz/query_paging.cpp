// Fuzz target: query strings, paging and sorting (http::Request::query_param, http::parse_page_request,
// http::parse_sort, bh::QueryInput) — every listing's `?page=&size=&sort=` and filters. The input is
// the raw query string (what follows '?').
// Asserts:
//  - a refusal is AppError BadRequest (VALIDATION_ERROR) naming a field, nothing else;
//  - an accepted page is within the listing's rules: page >= 0, 1 <= size <= max_size, offset()+limit()
//    computable without overflow, sort fields from the allow-list only, each at most once;
//  - page_body() of it reports the same page, size and offset and is valid JSON text;
//  - QueryInput's values obey their rules: text trimmed, bounded, without control characters; a UUID
//    that prints and parses back to itself; a date of 1900–9999 that prints back as the value given.
#include <boost/json.hpp>
#include <set>

#include "core/error.h"
#include "core/json_text.h"
#include "db/time_text.h"
#include "fuzz_check.h"
#include "http/paging.h"
#include "runtime/query_input.h"

namespace {

const bh::ListingRules& rules() {
    static const bh::ListingRules r{20, 100, {"name", "createdAt", "value"}, "createdAt", true};
    return r;
}

void check_page(const bh::http::Request& request) {
    bh::PageRequest page;
    try {
        page = bh::http::parse_page_request(request, rules());
    } catch (const bh::AppError& e) {
        FUZZ_CHECK(e.kind() == bh::ErrorKind::BadRequest);
        FUZZ_CHECK(!e.field_errors().empty());
        return;
    }
    FUZZ_CHECK(page.page >= 0);
    FUZZ_CHECK(page.size >= 1 && page.size <= rules().max_size);
    FUZZ_CHECK(page.page <= (INT64_MAX - page.size) / page.size);  // offset() + limit() fits
    FUZZ_CHECK(!page.sort.empty());
    std::set<std::string> seen;
    for (const auto& key : page.sort) {
        FUZZ_CHECK(std::find(rules().sort_fields.begin(), rules().sort_fields.end(), key.field) !=
                   rules().sort_fields.end());
        FUZZ_CHECK(seen.insert(key.field).second);
    }
    const auto body = bh::http::page_body(page, 0, {});
    const auto& pageable = body.at("pageable").as_object();
    FUZZ_CHECK(pageable.at("pageNumber").to_number<std::int64_t>() == page.page);
    FUZZ_CHECK(pageable.at("pageSize").to_number<std::int64_t>() == page.size);
    FUZZ_CHECK(pageable.at("offset").to_number<std::int64_t>() == page.offset());
    FUZZ_CHECK(boost::json::parse(bh::json_text(body)) == boost::json::value(body));
}

void check_filters(const bh::http::Request& request) {
    bh::QueryInput in(request);
    const auto name = in.optional_text("name", 100);
    const auto type_id = in.optional_uuid("budgetTypeId");
    const auto start = in.optional_date("startDate");
    const auto end = in.optional_date("endDate");
    const auto status = in.optional_word("status");
    in.require_order("startDate", start, "endDate", end);
    bool refused = false;
    try {
        in.finish();
    } catch (const bh::AppError& e) {
        FUZZ_CHECK(e.kind() == bh::ErrorKind::BadRequest && !e.field_errors().empty());
        refused = true;
    }
    if (name) {
        FUZZ_CHECK(!name->empty() && name->size() <= 100);
        FUZZ_CHECK(!bh::has_control_characters(*name));
        FUZZ_CHECK(bh::trimmed(*name) == *name);
        FUZZ_CHECK(request.query_param("name").has_value());
    }
    if (type_id) FUZZ_CHECK(bh::Uuid::parse(type_id->to_string()) == type_id);
    for (const auto& [field, date] : {std::pair{"startDate", start}, std::pair{"endDate", end}}) {
        if (!date) continue;
        FUZZ_CHECK(date->ok() && date->year() >= std::chrono::year{1900} &&
                   date->year() <= std::chrono::year{9999});
        FUZZ_CHECK(bh::db::format_date(*date) == *request.query_param(field));
    }
    if (status) FUZZ_CHECK(!status->empty());
    if (start && end && !refused) FUZZ_CHECK(std::chrono::sys_days(*start) <= std::chrono::sys_days(*end));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    bh::http::Request request;
    request.query = std::string(bh::fuzz::as_text(data, size));
    request.target = "/api/v1/movement/all?" + request.query;
    request.path = "/api/v1/movement/all";
    check_page(request);
    check_filters(request);
    return 0;
}
