#pragma once
// GET /api/v1/notification/all?page&size&sort&status — ADMIN only: the notifications and their
// delivery state, newest first, without bodies (CustomPage body, http/paging.h).
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include "db/pool.h"
#include "http/message.h"
#include "http/paging.h"
#include "services/notification/notification_repository.h"

namespace bh::notification {

inline constexpr std::string_view kListPath = "/api/v1/notification/all";

// The query of a request: page, size, sort and the optional status filter (400 naming the field).
ListQuery list_query_from(const http::Request& request);
boost::json::object summary_json(const NotificationSummary& summary);

// Runs the listing; the caller has authenticated and authorised the request.
boost::asio::awaitable<http::Response> list_notifications_response(db::Pool& pool,
                                                                   const http::Request& request);

}  // namespace bh::notification
