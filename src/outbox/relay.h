#pragma once
// Publishes committed outbox rows to Kafka and stamps them published. One relay at a time per
// database publishes (a transaction-scoped advisory lock), so events leave in commit order; other
// instances' relays stand by. A crash after publishing but before stamping re-publishes the batch
// on the next pass: delivery is at least once, and consumers de-duplicate by event id
// (processed_events.h), which makes the whole exactly once in effect.
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "bus/producer.h"
#include "db/pool.h"

namespace bh::outbox {

struct RelayOptions {
    std::string name = "outbox";  // service name: lock key and logs
    std::size_t batch = 256;
    std::chrono::milliseconds poll_interval{200};  // wait when there was nothing to publish
    // Fault injection for tests: runs after the batch is acknowledged by Kafka and before it is
    // stamped published.
    std::function<void()> after_publish = {};
};

struct RelayStats {
    std::uint64_t published = 0;  // rows stamped published
    std::uint64_t failed = 0;     // sends that failed (rows stay pending)
    std::uint64_t passes = 0;     // batches attempted while holding the lock
};

class Relay {
  public:
    Relay(const boost::asio::any_io_executor& executor, db::Pool& pool, bus::Producer& producer,
          RelayOptions options);
    ~Relay();
    Relay(const Relay&) = delete;
    Relay& operator=(const Relay&) = delete;

    void start();
    // Finishes the batch in flight (if any) and stops; returns within `grace`.
    boost::asio::awaitable<void> stop(std::chrono::milliseconds grace);
    // One pass: publishes up to `batch` pending rows; returns how many were stamped published
    // (0 when another relay holds the lock or nothing is pending).
    boost::asio::awaitable<std::size_t> publish_once();
    RelayStats stats() const;

  private:
    struct State;
    std::shared_ptr<State> state_;
};

// Stable 64-bit key for pg_advisory locks, from a name (FNV-1a).
std::int64_t advisory_key(std::string_view name);

}  // namespace bh::outbox
