#include "services/notification/list_route.h"

#include "core/error.h"
#include "db/time_text.h"

namespace bh::notification {

namespace json = boost::json;

namespace {

json::value instant_or_null(const std::optional<std::chrono::system_clock::time_point>& at) {
    if (!at) return nullptr;
    return json::string(db::format_timestamp(*at));
}

}  // namespace

const http::PagingRules& list_paging_rules() {
    static const http::PagingRules rules{
        .default_size = 20,
        .max_size = 100,
        .sort_columns = {{"createdAt", "created_at"},
                         {"updatedAt", "updated_at"},
                         {"status", "status"},
                         {"recipient", "recipient"},
                         {"attempts", "attempts"},
                         {"kind", "kind"}},
        .default_sort_field = "createdAt",
        .default_descending = true,
        .tie_breaker_column = "id",
    };
    return rules;
}

ListQuery list_query_from(const http::Request& request, http::PageRequest& page) {
    page = http::parse_page_request(request, list_paging_rules());
    ListQuery query;
    if (auto status = request.query_param("status"); status && !status->empty()) {
        query.status = parse_status(*status);
        if (!query.status) {
            const std::string message = "status must be one of PENDING, SENT, FAILED, EXCEEDED_RETRIES";
            throw bad_request(message).with_fields({{"status", message}});
        }
    }
    query.order_by_sql = page.order_by_sql();
    query.limit = page.limit();
    query.offset = page.offset();
    return query;
}

json::object summary_json(const NotificationSummary& s) {
    return json::object{
        {"id", s.id.to_string()},
        {"kind", to_string(s.kind)},
        {"recipient", s.recipient},
        {"subject", s.subject},
        {"status", to_string(s.status)},
        {"attempts", s.attempts},
        {"lastError", s.last_error ? json::value(json::string(*s.last_error)) : json::value(nullptr)},
        {"nextAttemptAt", instant_or_null(s.next_attempt_at)},
        {"createdAt", db::format_timestamp(s.created_at)},
        {"sentAt", instant_or_null(s.sent_at)},
        {"updatedAt", db::format_timestamp(s.updated_at)},
        {"attachmentCount", s.attachment_count},
    };
}

boost::asio::awaitable<http::Response> list_notifications_response(db::Pool& pool,
                                                                   const http::Request& request) {
    http::PageRequest page;
    const auto query = list_query_from(request, page);
    const auto result = co_await list_notifications(pool, query);
    json::array content;
    content.reserve(result.items.size());
    for (const auto& item : result.items) content.push_back(summary_json(item));
    co_return http::Response::json(200, http::page_body(page, result.total, std::move(content)));
}

}  // namespace bh::notification
