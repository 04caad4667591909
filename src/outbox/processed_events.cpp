#include "outbox/processed_events.h"

#include "bus/event.h"
#include "core/error.h"
#include "db/params.h"
#include "db/result.h"
#include "db/statement.h"

namespace bh::outbox {

namespace {
constexpr db::Statement kRecord{"outbox.record_processed",
                                "INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2) "
                                "ON CONFLICT DO NOTHING"};
}

boost::asio::awaitable<bool> first_time(db::Transaction& tx, std::string_view consumer,
                                        const Uuid& event_id) {
    db::Params params{std::string(consumer), event_id};
    const auto result = co_await tx->execute(kRecord, params);
    co_return result.affected_rows() == 1;
}

boost::asio::awaitable<Applied> apply_once(
    db::Pool& pool, std::string consumer, const bus::Message& message,
    std::function<boost::asio::awaitable<void>(db::Transaction&)> effect) {
    const std::string* id_text = message.header(bus::header::kEventId);
    const auto event_id = id_text ? Uuid::parse(*id_text) : std::nullopt;
    if (!event_id) throw bad_request("event without a valid event-id header");
    Applied applied = Applied::Duplicate;
    co_await db::with_transaction(pool, db::Isolation::ReadCommitted,
                                  [&](db::Transaction& tx) -> boost::asio::awaitable<void> {
                                      applied = Applied::Duplicate;
                                      const bool first = co_await first_time(tx, consumer, *event_id);
                                      if (!first) co_return;
                                      co_await effect(tx);
                                      applied = Applied::Yes;
                                  });
    co_return applied;
}

}  // namespace bh::outbox
