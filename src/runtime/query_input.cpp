// Query-string filters: see query_input.h.
#include "runtime/query_input.h"

#include "db/time_text.h"

namespace bh {

std::optional<std::chrono::year_month_day> parse_request_date(std::string_view text) {
    if (text.size() != 10) return std::nullopt;
    const auto date = db::parse_date(text);
    if (!date || !date->ok() || date->year() < std::chrono::year{1900} ||
        date->year() > std::chrono::year{9999})
        return std::nullopt;
    return date;
}

std::optional<std::string> QueryInput::optional_word(std::string_view name) {
    auto text = request_.query_param(name);
    if (!text || text->empty()) return std::nullopt;
    return std::string(*text);
}

std::optional<std::string> QueryInput::optional_text(std::string_view name, std::size_t max_length) {
    const auto raw = request_.query_param(name);
    if (!raw) return std::nullopt;
    return errors_.text(name, *raw, max_length);
}

std::optional<Uuid> QueryInput::optional_uuid(std::string_view name) {
    const auto text = request_.query_param(name);
    if (!text || text->empty()) return std::nullopt;
    auto id = Uuid::parse(*text);
    if (!id) add_error(name, "must be a UUID");
    return id;
}

std::optional<std::chrono::year_month_day> QueryInput::optional_date(std::string_view name) {
    const auto text = request_.query_param(name);
    if (!text || text->empty()) return std::nullopt;
    auto date = parse_request_date(*text);
    if (!date) add_error(name, "must be a date YYYY-MM-DD");
    return date;
}

void QueryInput::require_order(std::string_view earlier_name,
                               const std::optional<std::chrono::year_month_day>& earlier,
                               std::string_view later_name,
                               const std::optional<std::chrono::year_month_day>& later) {
    if (earlier && later && std::chrono::sys_days(*earlier) > std::chrono::sys_days(*later))
        add_error(later_name, "must not be before " + std::string(earlier_name));
}

}  // namespace bh
