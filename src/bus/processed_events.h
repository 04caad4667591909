#pragma once
// De-duplication of consumed events by their event-id header.
//
// Kafka delivers at least once, so a handler may see an event again (a crash before the offset
// was committed, a rebalance, a re-published outbox row). A handler asks first_time(event_id)
// and skips the work when it answers false. To be exact, the answer must be recorded in the same
// transaction as the handler's own writes: the PostgreSQL implementation (processed_events table,
// INSERT ... ON CONFLICT DO NOTHING inside the handler's transaction) belongs to the db layer.
#include <boost/asio/awaitable.hpp>
#include <mutex>
#include <string>
#include <unordered_set>

namespace bh::bus {

class ProcessedEvents {
  public:
    virtual ~ProcessedEvents() = default;
    // True the first time an id is seen (and records it), false afterwards.
    virtual boost::asio::awaitable<bool> first_time(std::string event_id) = 0;
};

// Process-local, unbounded: for tests and single-process tools only.
class InMemoryProcessedEvents final : public ProcessedEvents {
  public:
    boost::asio::awaitable<bool> first_time(std::string event_id) override;

  private:
    std::mutex mutex_;
    std::unordered_set<std::string> seen_;
};

}  // namespace bh::bus
