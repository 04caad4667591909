#pragma once
// Consumer de-duplication in PostgreSQL: the event id is recorded in the same transaction as the
// handler's effect, so an event applied once is never applied again, whatever Kafka redelivers.
#include <boost/asio/awaitable.hpp>
#include <functional>
#include <string>

#include "bus/message.h"
#include "db/pool.h"
#include "db/transaction.h"

namespace bh::outbox {

// True the first time `consumer` sees `event_id` in this database (and records it in `tx`).
boost::asio::awaitable<bool> first_time(db::Transaction& tx, std::string_view consumer, const Uuid& event_id);

enum class Applied { Yes, Duplicate };

// Runs `effect` inside one transaction with the de-duplication record; a message without a valid
// event-id header is rejected (AppError BadRequest), since it cannot be de-duplicated.
boost::asio::awaitable<Applied> apply_once(
    db::Pool& pool, std::string consumer, const bus::Message& message,
    std::function<boost::asio::awaitable<void>(db::Transaction&)> effect);

}  // namespace bh::outbox
