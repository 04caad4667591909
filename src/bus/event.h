#pragma once
// The envelope every BudgetHub event wears on Kafka.
//
// Headers: event-id (UUIDv7, the consumers' de-duplication key), event-type (e.g.
// "movement.created"), content-type: application/json, and traceparent (W3C trace context) when
// the cause of the event had one. The payload is a JSON object whose "version" field names the
// schema version of the other fields, so consumers can accept old and new shapes side by side.
#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "bus/message.h"

namespace bh::bus {

namespace header {
inline constexpr std::string_view kEventId = "event-id";
inline constexpr std::string_view kEventType = "event-type";
inline constexpr std::string_view kTraceparent = "traceparent";
inline constexpr std::string_view kContentType = "content-type";
inline constexpr std::string_view kCorrelationId = "correlation-id";
inline constexpr std::string_view kReplyTo = "reply-to";
// Added to a message moved to a dead-letter topic.
inline constexpr std::string_view kDeadLetterError = "dlq-error";
inline constexpr std::string_view kDeadLetterAttempts = "dlq-attempts";
inline constexpr std::string_view kDeadLetterTopic = "dlq-original-topic";
inline constexpr std::string_view kDeadLetterPartition = "dlq-original-partition";
inline constexpr std::string_view kDeadLetterOffset = "dlq-original-offset";
inline constexpr std::string_view kDeadLetterGroup = "dlq-consumer-group";
}  // namespace header

inline constexpr std::string_view kJsonContentType = "application/json";

struct Event {
    std::string type;          // what happened, e.g. "payment.succeeded"
    int version = 1;           // schema version of data; written as the payload's "version"
    boost::json::object data;  // the payload fields, without "version"
    std::string id;            // UUIDv7; to_message generates one when empty
    std::string traceparent;   // W3C trace context of the cause; empty = none
};

// The record to publish: headers and payload as described above. An invalid traceparent is
// dropped rather than propagated.
Message to_message(const Event& event, std::string topic, std::string key);
// Reads an event back; a malformed one (missing headers, bad id, payload not a JSON object with
// a positive integer "version") throws bh::AppError BadRequest, which the Consumer dead-letters
// without retrying.
Event parse_event(const Message& message);

// W3C trace-context level 1: "00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>", ids not all
// zero; other versions are accepted when they keep that prefix shape.
bool is_valid_traceparent(std::string_view value);
// The message's traceparent when present and valid, else "".
std::string traceparent_of(const Message& message);
// Default headers of anything we publish that is not an Event (requests, replies): an event-id
// unless one is there, content-type JSON, and `traceparent` when valid (an invalid one is
// removed, never propagated).
void add_standard_headers(Message& message, std::string_view traceparent);

// Where the Consumer moves a message its handler keeps failing on: "<topic>.dlq".
std::string dead_letter_topic(std::string_view topic);

}  // namespace bh::bus
