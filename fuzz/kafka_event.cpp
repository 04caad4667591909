// Fuzz target: the Kafka event envelope (bus::parse_event, bus::is_valid_traceparent): every consumed
// event passes through it before a service's handler. Input fields: the record's headers, one
// "name: value" per line, then the payload.
// Asserts:
//  - a malformed event is AppError BadRequest (which the Consumer dead-letters), nothing else;
//  - an accepted event has a UUID id, a type, a version 1..INT_MAX not left in data, and a
//    traceparent that is empty or valid;
//  - round trip: to_message() of the event parses back to the same id, type, version, data and
//    traceparent (numbers as json_compare.h allows).
#include <boost/json.hpp>
#include <climits>

#include "bus/event.h"
#include "core/error.h"
#include "core/uuid.h"
#include "fuzz_check.h"
#include "json_compare.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace bh::bus;
    const auto input = bh::fuzz::fields(bh::fuzz::as_text(data, size), 2);
    Message message;
    message.topic = "budget.events";
    message.payload = std::string(input[1]);
    std::string_view headers = input[0];
    while (!headers.empty()) {
        const auto end = headers.find('\n');
        const auto line = headers.substr(0, end);
        headers = end == std::string_view::npos ? std::string_view() : headers.substr(end + 1);
        const auto colon = line.find(": ");
        if (colon != std::string_view::npos)
            message.headers.emplace_back(std::string(line.substr(0, colon)),
                                         std::string(line.substr(colon + 2)));
    }
    const std::string traceparent = traceparent_of(message);
    FUZZ_CHECK(traceparent.empty() || is_valid_traceparent(traceparent));

    Event event;
    try {
        event = parse_event(message);
    } catch (const bh::AppError& e) {
        FUZZ_CHECK(e.kind() == bh::ErrorKind::BadRequest);
        return 0;
    }
    FUZZ_CHECK(bh::Uuid::parse(event.id).has_value());
    FUZZ_CHECK(!event.type.empty());
    FUZZ_CHECK(event.version >= 1 && event.version <= INT_MAX);
    FUZZ_CHECK(!event.data.contains("version"));
    FUZZ_CHECK(event.traceparent == traceparent);

    const Message again = to_message(event, message.topic, "key");
    const Event reread = parse_event(again);
    FUZZ_CHECK(reread.id == event.id && reread.type == event.type && reread.version == event.version);
    FUZZ_CHECK(bh::fuzz::json_equivalent(reread.data, event.data));
    FUZZ_CHECK(reread.traceparent == event.traceparent);
    return 0;
}
