#include "services/notification/list_route.h"

#include "core/error.h"
#include "db/time_text.h"
#include "runtime/query_input.h"

namespace bh::notification {

namespace json = boost::json;

namespace {

json::value instant_or_null(const std::optional<std::chrono::system_clock::time_point>& at) {
    if (!at) return nullptr;
    return json::string(db::format_timestamp(*at));
}

}  // namespace

ListQuery list_query_from(const http::Request& request) {
    ListQuery query;
    query.page = http::parse_page_request(request, notification_listing().rules());
    QueryInput in(request);
    if (auto status = in.optional_word("status")) {
        query.status = parse_status(*status);
        if (!query.status) in.add_error("status", "must be one of PENDING, SENT, FAILED, EXCEEDED_RETRIES");
    }
    in.finish("Invalid filter");
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
    const auto query = list_query_from(request);
    const auto result = co_await list_notifications(pool, query);
    co_return http::Response::json(200, http::page_body(query.page, result, summary_json));
}

}  // namespace bh::notification
