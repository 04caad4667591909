#pragma once
// Request identity across hops: X-Request-Id and W3C traceparent (version 00).
#include <string>
#include <string_view>

namespace bh::http {

// Keeps a client-supplied request id if it is short and printable, else makes a new one.
std::string request_id_from(std::string_view incoming);
// Continues an incoming traceparent (same trace id, new span id, same flags) or starts a new trace.
std::string next_traceparent(std::string_view incoming);
bool is_valid_traceparent(std::string_view value);

}  // namespace bh::http
