#pragma once
// Writing an event: in the caller's transaction, next to the state change it describes. Nothing is
// sent here; the Relay publishes committed rows.
#include <boost/asio/awaitable.hpp>
#include <string>

#include "bus/message.h"
#include "core/uuid.h"
#include "db/transaction.h"

namespace bh::outbox {

struct Event {
    std::string topic;
    std::string key;  // per-entity ordering: events with one key go to one partition, in order
    std::string type;
    std::string payload;        // JSON, with its own "version"
    bus::Headers headers = {};  // extra headers (traceparent, ...); event-id/event-type are added
};

// Inserts the event; returns its event id (UUIDv7), which consumers de-duplicate on.
boost::asio::awaitable<Uuid> enqueue(db::Transaction& tx, const Event& event);

}  // namespace bh::outbox
