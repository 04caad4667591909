#pragma once
// Consumer-group member that runs a coroutine handler per message, at least once.
//
// - The offset of a message is stored only after its handler finished successfully (librdkafka
//   auto-commits stored offsets every auto_commit_interval), so a crash mid-processing re-delivers
//   it. Handlers must therefore be idempotent: see ProcessedEvents.
// - Messages of one partition are handled one after the other, in order; partitions proceed in
//   parallel.
// - A failing handler is retried (max_attempts, exponential backoff); then the message goes to
//   "<topic>.dlq" with dlq-* headers saying why, and its offset is stored, so one poison message
//   cannot block its partition. A handler throwing bh::AppError BadRequest (malformed input) is
//   not retried.
// - A dedicated thread polls librdkafka and hands messages to the executor; past max_in_flight
//   unfinished messages it pauses fetching until half of them are done.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bus/client_settings.h"
#include "bus/message.h"

namespace bh::bus {

class Producer;

struct ConsumerOptions {
    ClientSettings client;
    std::string group_id;
    std::vector<std::string> topics;
    int max_attempts = 3;  // handler runs per message before it is dead-lettered
    std::chrono::milliseconds retry_backoff{200};
    std::chrono::milliseconds retry_backoff_max{5'000};
    std::size_t max_in_flight = 1'000;  // received but unfinished messages before fetching pauses
    std::chrono::milliseconds poll_timeout{100};
    // How long stop() (and a rebalance that takes partitions away) waits for running handlers.
    std::chrono::milliseconds drain_timeout{10'000};
    std::chrono::milliseconds auto_commit_interval{5'000};
    // How long the group waits for a member that stopped heartbeating (a SIGKILLed instance) before
    // its partitions go to the others: librdkafka's 45 s default would stall them that long.
    std::chrono::milliseconds session_timeout{10'000};
    std::chrono::milliseconds stats_interval{5'000};  // refresh of lag(); 0 = no lag reporting
    std::string auto_offset_reset = "earliest";       // where a new group starts
};

struct ConsumerStats {
    std::int64_t received = 0;
    std::int64_t processed = 0;      // handler succeeded, offset stored
    std::int64_t retries = 0;        // handler failures that were retried
    std::int64_t dead_lettered = 0;  // moved to <topic>.dlq
    std::int64_t in_flight = 0;      // received, not finished
    std::int64_t assigned_partitions = 0;
    bool paused = false;  // fetching paused by back-pressure
};

// From librdkafka's statistics: how far behind this member is on each partition it owns.
struct PartitionLag {
    std::string topic;
    std::int32_t partition = -1;
    std::int64_t committed_offset = -1;  // -1 = none yet
    std::int64_t stored_offset = -1;     // processed, commit pending
    std::int64_t high_watermark = -1;
    std::int64_t lag = -1;  // high watermark minus stored (else committed) offset; -1 = unknown
};

class Consumer {
  public:
    using Handler = std::function<boost::asio::awaitable<void>(const Message&)>;

    // Handlers run on a strand of `executor`. `dead_letters` publishes to <topic>.dlq and must
    // outlive this consumer. Throws bh::AppError (Internal) on a configuration librdkafka rejects.
    Consumer(const boost::asio::any_io_executor& executor, ConsumerOptions options, Handler handler,
             Producer& dead_letters);
    // Without a prior stop(): stops polling, does not wait for handlers, commits what is stored.
    ~Consumer();
    Consumer(const Consumer&) = delete;
    Consumer& operator=(const Consumer&) = delete;

    // Joins the group and starts the polling thread.
    void start();
    // Graceful stop: no more polling; messages not yet started are left for the next owner;
    // running handlers get drain_timeout to finish; stored offsets are committed synchronously;
    // the member leaves its group. Completes when all that is done. Call once.
    boost::asio::awaitable<void> stop();
    // The same, blocking the calling thread: never from a thread the handlers need.
    void close();

    ConsumerStats stats() const;
    std::vector<PartitionLag> lag() const;

  private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

}  // namespace bh::bus
