#pragma once
// Idempotent Kafka producer for coroutines.
//
//   bus::Delivery where = co_await producer.send(std::move(message));
//
// completes when the broker has acknowledged the record (acks=all), on the awaiting coroutine's
// own executor, or throws bh::AppError Unavailable with librdkafka's reason once
// message_timeout has passed without success. Delivery reports are served by one background
// thread blocked in rd_kafka_poll, so no I/O thread ever waits on Kafka.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bus/client_settings.h"
#include "bus/message.h"

namespace bh::bus {

struct ProducerOptions {
    ClientSettings client;
    // Upper bound of one send, retries included (message.timeout.ms).
    std::chrono::milliseconds message_timeout{30'000};
    // How long a record may wait to share a batch with others (linger.ms). Every wait here is paid by
    // each request/reply round trip twice (bench/request_reply.sh: one client, p50 11.3 ms at 5 ms,
    // 0.7 ms at 0), but with 0 one run of OutboxIntegration.OnlyOneRelayPublishesAtATime found 199
    // of 200 acknowledged records on the topic (Debian's librdkafka 2.0.2, idempotent producer, more
    // requests in flight): 5 ms stays until that is understood (docs/performance.md, "Payments").
    std::chrono::milliseconds linger{5};
    // How long the destructor flushes before failing what is left.
    std::chrono::milliseconds close_timeout{5'000};
};

// Where the broker stored a record.
struct Delivery {
    std::int32_t partition = -1;
    std::int64_t offset = -1;
};

// Outcome of one record of a batch.
struct DeliveryReport {
    std::optional<Delivery> delivery;  // set when the broker acknowledged
    std::string error;                 // librdkafka's reason otherwise
    bool ok() const { return delivery.has_value(); }
};

// Runs on the producer's delivery thread: keep it short and thread-safe.
using DeliveryCallback = std::function<void(const DeliveryReport&)>;

struct ProducerStats {
    std::int64_t in_flight = 0;  // handed to librdkafka, not yet acknowledged or failed
    std::int64_t delivered = 0;
    std::int64_t failed = 0;
};

class Producer {
  public:
    // Throws bh::AppError (Internal) on a configuration librdkafka rejects. Connecting happens in
    // the background: an unreachable broker shows up as failed sends, not here.
    explicit Producer(ProducerOptions options);
    // Flushes for close_timeout, then fails what is left (their senders see Unavailable).
    ~Producer();
    Producer(const Producer&) = delete;
    Producer& operator=(const Producer&) = delete;

    // Waits (without blocking the thread) while librdkafka's local queue is full, up to
    // message_timeout.
    boost::asio::awaitable<Delivery> send(Message message);
    // Publishes all records at once and reports each one, in order: what an outbox relay needs to
    // mark exactly the delivered rows. Never throws for a record's failure.
    boost::asio::awaitable<std::vector<DeliveryReport>> send_batch(std::vector<Message> messages);
    // Looks the topic up once (metadata request on a helper thread) so that its first record is
    // not held back: librdkafka 2.0 otherwise leaves a record for a topic it has not seen yet
    // waiting for its one-second topic scan. send() and send_batch() do this by themselves; call
    // it before produce() where latency matters. Never fails: a topic that cannot be looked up
    // is left to librdkafka.
    boost::asio::awaitable<void> prepare(std::string topic);
    // The callback form underneath both. Throws bh::AppError Unavailable when librdkafka refuses
    // the record at once (local queue full, unknown partition, record too large); otherwise the
    // callback runs exactly once.
    void produce(const Message& message, DeliveryCallback on_delivery);

    // Blocks until every record is acknowledged or failed, at most `timeout`; returns how many
    // are still in flight. For shutdown paths, not for I/O threads.
    std::int64_t flush(std::chrono::milliseconds timeout);
    // True when a metadata request answers with at least one broker within `timeout`. Blocking:
    // readiness probes call it from a worker thread, never an I/O thread.
    bool brokers_reachable(std::chrono::milliseconds timeout);
    ProducerStats stats() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace bh::bus
