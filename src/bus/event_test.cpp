#include "bus/event.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "core/error.h"
#include "core/uuid.h"

namespace bh::bus {
namespace {

constexpr const char* kTrace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

Event sample_event() {
    Event event;
    event.type = "movement.created";
    event.version = 2;
    event.data = {{"movementId", "m-1"}, {"amount", "12.50"}};
    event.traceparent = kTrace;
    return event;
}

TEST(Event, ToMessageWritesTheEnvelope) {
    const Message message = to_message(sample_event(), "budgethub.budget.movement-created", "budget-7");
    EXPECT_EQ(message.topic, "budgethub.budget.movement-created");
    EXPECT_EQ(message.key, "budget-7");
    ASSERT_NE(message.header(header::kEventId), nullptr);
    const auto id = Uuid::parse(*message.header(header::kEventId));
    ASSERT_TRUE(id.has_value());
    EXPECT_EQ(id->version(), 7);
    EXPECT_EQ(*message.header(header::kEventType), "movement.created");
    EXPECT_EQ(*message.header(header::kContentType), "application/json");
    EXPECT_EQ(*message.header(header::kTraceparent), kTrace);
    const auto payload = boost::json::parse(message.payload).as_object();
    EXPECT_EQ(payload.at("version").as_int64(), 2);
    EXPECT_EQ(payload.at("amount").as_string(), "12.50");
}

TEST(Event, RoundTripsThroughAMessage) {
    Event event = sample_event();
    event.id = Uuid::v7().to_string();
    const Event back = parse_event(to_message(event, "t", "k"));
    EXPECT_EQ(back.id, event.id);
    EXPECT_EQ(back.type, event.type);
    EXPECT_EQ(back.version, 2);
    EXPECT_EQ(back.traceparent, kTrace);
    EXPECT_EQ(back.data, event.data);  // "version" is not part of data
}

TEST(Event, NoTraceparentWhenNoneOrInvalid) {
    Event event = sample_event();
    event.traceparent = "";
    EXPECT_EQ(to_message(event, "t", "k").header(header::kTraceparent), nullptr);
    event.traceparent = "00-zz";
    EXPECT_EQ(to_message(event, "t", "k").header(header::kTraceparent), nullptr);
}

TEST(Event, MalformedEventsAreBadRequests) {
    const Message good = to_message(sample_event(), "t", "k");
    auto expect_bad = [](const Message& message) {
        try {
            parse_event(message);
            ADD_FAILURE() << "accepted " << message.payload;
        } catch (const AppError& e) {
            EXPECT_EQ(e.kind(), ErrorKind::BadRequest);
        }
    };
    Message no_id = good;
    no_id.headers.erase(no_id.headers.begin());
    expect_bad(no_id);
    Message bad_id = good;
    bad_id.set_header(header::kEventId, "not-a-uuid");
    expect_bad(bad_id);
    Message no_type = good;
    no_type.set_header(header::kEventType, "");
    expect_bad(no_type);
    for (const char* payload : {"not json", "[1]", "{}", R"({"version":"1"})", R"({"version":0})"}) {
        Message bad_payload = good;
        bad_payload.payload = payload;
        expect_bad(bad_payload);
    }
}

TEST(Traceparent, AcceptsW3cLevelOneOnly) {
    EXPECT_TRUE(is_valid_traceparent(kTrace));
    EXPECT_TRUE(is_valid_traceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-later"));
    EXPECT_FALSE(is_valid_traceparent(""));
    EXPECT_FALSE(is_valid_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"));
    EXPECT_FALSE(is_valid_traceparent("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
    EXPECT_FALSE(is_valid_traceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01"));
    EXPECT_FALSE(is_valid_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"));
    EXPECT_FALSE(is_valid_traceparent("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"));
    EXPECT_FALSE(is_valid_traceparent("00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
}

TEST(Message, HeadersAreLookedUpAndReplacedByName) {
    Message message;
    message.headers = {{"a", "1"}, {"b", "2"}, {"a", "3"}};
    EXPECT_EQ(*message.header("a"), "1");
    EXPECT_EQ(message.header("c"), nullptr);
    message.set_header("a", "4");
    EXPECT_EQ(message.headers, (Headers{{"b", "2"}, {"a", "4"}}));
}

TEST(StandardHeaders, KeepAnExistingEventIdAndDropAnInvalidTrace) {
    Message message;
    message.set_header(header::kEventId, "given");
    message.set_header(header::kTraceparent, "garbage");
    add_standard_headers(message, traceparent_of(message));
    EXPECT_EQ(*message.header(header::kEventId), "given");
    EXPECT_EQ(message.header(header::kTraceparent), nullptr);
    EXPECT_EQ(*message.header(header::kContentType), "application/json");
}

TEST(DeadLetterTopic, AppendsDlq) {
    EXPECT_EQ(dead_letter_topic("budgethub.a.b"), "budgethub.a.b.dlq");
}

}  // namespace
}  // namespace bh::bus
