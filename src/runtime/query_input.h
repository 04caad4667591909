#pragma once
// Reads the filters of a query string (`?startDate=…&status=…&name=…`) and collects every problem,
// so one 400 names each bad parameter — the query-string twin of JsonInput, with the same rules for
// dates, UUIDs and text. An absent or empty parameter is no filter.
//
//   QueryInput in(request);
//   filter.start_date = in.optional_date("startDate");
//   filter.type_id = in.optional_uuid("budgetTypeId");
//   in.require_order("startDate", filter.start_date, "endDate", filter.end_date);
//   in.finish("Invalid filter");
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/field_errors.h"
#include "core/uuid.h"
#include "http/message.h"

namespace bh {

class QueryInput {
  public:
    explicit QueryInput(const http::Request& request) : request_(request) {}

    // Trimmed, at most max_length characters, no control characters.
    std::optional<std::string> optional_text(std::string_view name, std::size_t max_length);
    std::optional<Uuid> optional_uuid(std::string_view name);
    std::optional<std::chrono::year_month_day> optional_date(std::string_view name);
    // The raw value, for a parser of the caller's (an enum); nullopt when absent or empty.
    std::optional<std::string> optional_word(std::string_view name);
    // `later_name` must not be before `earlier_name` when both are given.
    void require_order(std::string_view earlier_name,
                       const std::optional<std::chrono::year_month_day>& earlier, std::string_view later_name,
                       const std::optional<std::chrono::year_month_day>& later);

    void add_error(std::string_view name, std::string message) { errors_.add(name, std::move(message)); }
    // Throws BadRequest VALIDATION_ERROR "<what>: name problem, …" if anything was wrong.
    void finish(std::string_view what = "Invalid filter") const { errors_.throw_if_any(what); }

  private:
    const http::Request& request_;
    FieldErrors errors_;
};

// YYYY-MM-DD, a real day of the years 1900–9999: the one date rule of request bodies and queries.
std::optional<std::chrono::year_month_day> parse_request_date(std::string_view text);

}  // namespace bh
