#pragma once
// Request/reply over Kafka: payment's reservation commands to budget (budget.reserve).
//
//   RequestReply rr(producer, {.client = ..., .reply_topic = reply_topic_name(prefix, instance)});
//   rr.start();
//   bus::Message answer = co_await rr.request(topic, key, payload, 10s);
//
// A request carries correlation-id (UUIDv7) and reply-to (this instance's own reply topic). The
// responder answers with bus::reply(), which sends to reply-to with the same correlation-id.
// This instance reads its reply topic from the end (assigned, no group rebalancing) and resumes
// the waiting coroutine; past the deadline the request throws bh::AppError Timeout (504) and a
// reply arriving later is dropped and counted. Commands must be idempotent on the responder's
// side: a timed-out request may still have been carried out.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "bus/client_settings.h"
#include "bus/message.h"
#include "bus/producer.h"

namespace bh::bus {

struct RequestReplyOptions {
    ClientSettings client;
    std::string reply_topic;  // one per instance: see reply_topic_name
    // start() creates the reply topic (one partition) when it does not exist.
    bool create_reply_topic = true;
    // stop() deletes the reply topic (after a start()): this instance is its only reader, and an instance
    // id that changes with each incarnation (a Kubernetes pod's name) would otherwise leave a topic
    // behind at every rollout. Best effort, bounded by start_timeout: a failure is logged. A crashed
    // instance leaves its topic (docs/events.md says how to find and clear those).
    bool delete_reply_topic = true;
    int reply_topic_replication = 1;
    std::chrono::milliseconds start_timeout{10'000};  // topic creation, metadata, end offsets
    std::chrono::milliseconds poll_timeout{100};
};

struct RequestReplyStats {
    std::int64_t pending = 0;  // requests waiting for their reply
    std::int64_t completed = 0;
    std::int64_t timed_out = 0;
    std::int64_t failed = 0;        // could not be published, or stopped while waiting
    std::int64_t late_replies = 0;  // replies nobody waits for (any more): dropped
};

// "<prefix>replies.<instance-id>". The instance id must differ between instances running at the same
// time (host and port do); stop() deletes the topic, so one that changes on restart leaves nothing.
std::string reply_topic_name(std::string_view topic_prefix, std::string_view instance_id);

class RequestReply {
  public:
    // `producer` publishes the requests and must outlive this object.
    RequestReply(Producer& producer, RequestReplyOptions options);
    ~RequestReply();  // stop()
    RequestReply(const RequestReply&) = delete;
    RequestReply& operator=(const RequestReply&) = delete;

    // Blocking (start-up): creates the reply topic if asked, positions the reply reader at its
    // end, starts the reply thread. Throws bh::AppError Unavailable when the broker does not
    // answer within start_timeout.
    void start();
    // Fails waiting requests with Unavailable, stops the reply thread and deletes the reply topic
    // (delete_reply_topic). Blocking, at most start_timeout.
    void stop();

    // `headers` may carry event-type, traceparent and the like; correlation-id, reply-to,
    // event-id and content-type are set here. Returns the reply message; throws bh::AppError
    // Timeout at the deadline, Unavailable when the request cannot be published or the helper
    // is stopped.
    boost::asio::awaitable<Message> request(std::string topic, std::string key, std::string payload,
                                            std::chrono::steady_clock::time_point deadline,
                                            Headers headers = {});
    boost::asio::awaitable<Message> request(std::string topic, std::string key, std::string payload,
                                            std::chrono::milliseconds timeout, Headers headers = {});

    RequestReplyStats stats() const;
    const std::string& reply_topic() const;

  private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

// The responder's side: publishes `payload` to the request's reply-to topic with its
// correlation-id (and traceparent), keyed like the request. Throws bh::AppError BadRequest when
// the request has no reply-to or correlation-id (a Consumer dead-letters such a message).
boost::asio::awaitable<Delivery> reply(Producer& producer, const Message& request, std::string payload,
                                       Headers headers = {});

}  // namespace bh::bus
