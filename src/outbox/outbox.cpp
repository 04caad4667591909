#include "outbox/outbox.h"

#include <boost/json.hpp>

#include "db/params.h"
#include "db/statement.h"

namespace bh::outbox {

namespace {
constexpr db::Statement kInsert{
    "outbox.insert",
    "INSERT INTO outbox (event_id, topic, message_key, event_type, payload, headers) "
    "VALUES ($1, $2, $3, $4, $5, $6::jsonb)"};
}

boost::asio::awaitable<Uuid> enqueue(db::Transaction& tx, const Event& event) {
    const Uuid event_id = Uuid::v7();
    boost::json::array headers;
    for (const auto& [name, value] : event.headers) headers.push_back(boost::json::array{name, value});
    db::Params params{event_id,   event.topic,   event.key,
                      event.type, event.payload, boost::json::serialize(headers)};
    co_await tx->execute(kInsert, params);
    co_return event_id;
}

}  // namespace bh::outbox
