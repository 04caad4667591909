#pragma once
// Consuming `notification.requested`: validate, compose, store once. Sending is the dispatcher's
// job, so the Kafka offset is committed as soon as the request is durable and an SMTP outage never
// stalls the topic.
#include <boost/asio/awaitable.hpp>

#include "bus/message.h"
#include "db/pool.h"

namespace bh::notification {

inline constexpr std::string_view kRequestedEventType = "notification.requested";
inline constexpr std::string_view kConsumerName = "notification.requested";

enum class IntakeOutcome { Stored, Duplicate, Ignored };

// Stores the notification of one event, at most once per event id (processed_events) and once per
// notificationId (the primary key). An event of another type is ignored. A malformed payload
// throws AppError BadRequest (the consumer dead-letters it).
boost::asio::awaitable<IntakeOutcome> accept_notification_event(db::Pool& pool, const bus::Message& message);

}  // namespace bh::notification
