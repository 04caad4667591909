#include "bus/event.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <limits>

#include "core/error.h"
#include "core/json_text.h"
#include "core/uuid.h"

namespace bh::bus {

namespace {

bool is_lower_hex(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool all_zero(std::string_view text) {
    return text.find_first_not_of('0') == std::string_view::npos;
}

const std::string& required_header(const Message& message, std::string_view name) {
    const std::string* value = message.header(name);
    if (value == nullptr || value->empty()) {
        throw bad_request("event without " + std::string(name) + " header");
    }
    return *value;
}

}  // namespace

bool is_valid_traceparent(std::string_view value) {
    // version(2) - trace-id(32) - parent-id(16) - flags(2), later versions may append "-..."
    if (value.size() < 55 || value[2] != '-' || value[35] != '-' || value[52] != '-') {
        return false;
    }
    const auto version = value.substr(0, 2);
    const auto trace_id = value.substr(3, 32);
    const auto parent_id = value.substr(36, 16);
    const auto flags = value.substr(53, 2);
    if (!is_lower_hex(version) || version == "ff") {
        return false;
    }
    if (version == "00" && value.size() != 55) {
        return false;
    }
    if (value.size() > 55 && value[55] != '-') {
        return false;
    }
    return is_lower_hex(trace_id) && is_lower_hex(parent_id) && is_lower_hex(flags) && !all_zero(trace_id) &&
           !all_zero(parent_id);
}

std::string traceparent_of(const Message& message) {
    const std::string* value = message.header(header::kTraceparent);
    return value != nullptr && is_valid_traceparent(*value) ? *value : std::string();
}

void add_standard_headers(Message& message, std::string_view traceparent) {
    if (message.header(header::kEventId) == nullptr) {
        message.set_header(header::kEventId, Uuid::v7().to_string());
    }
    message.set_header(header::kContentType, std::string(kJsonContentType));
    if (is_valid_traceparent(traceparent)) {
        message.set_header(header::kTraceparent, std::string(traceparent));
    } else {
        std::erase_if(message.headers,
                      [](const auto& header) { return header.first == header::kTraceparent; });
    }
}

Message to_message(const Event& event, std::string topic, std::string key) {
    Message message;
    message.topic = std::move(topic);
    message.key = std::move(key);
    boost::json::object payload = event.data;
    payload["version"] = event.version;
    message.payload = json_text(payload);
    message.set_header(header::kEventId, event.id.empty() ? Uuid::v7().to_string() : event.id);
    message.set_header(header::kEventType, event.type);
    add_standard_headers(message, event.traceparent);
    return message;
}

Event parse_event(const Message& message) {
    Event event;
    event.id = required_header(message, header::kEventId);
    if (!Uuid::parse(event.id)) {
        throw bad_request("event-id is not a UUID");
    }
    event.type = required_header(message, header::kEventType);
    event.traceparent = traceparent_of(message);

    boost::system::error_code ec;
    boost::json::value payload = boost::json::parse(message.payload, ec);
    if (ec || !payload.is_object()) {
        throw bad_request("event payload is not a JSON object", errc::kJsonParse);
    }
    event.data = std::move(payload.as_object());
    const auto* version = event.data.if_contains("version");
    if (version == nullptr || !version->is_int64() || version->as_int64() < 1 ||
        version->as_int64() > std::numeric_limits<int>::max()) {
        throw bad_request("event payload has no positive integer \"version\"");
    }
    event.version = static_cast<int>(version->as_int64());
    event.data.erase("version");
    return event;
}

std::string dead_letter_topic(std::string_view topic) {
    return std::string(topic) + ".dlq";
}

}  // namespace bh::bus
