#include "bus/request_reply.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "bus/admin.h"
#include "bus/detail/kafka.h"
#include "bus/detail/one_shot.h"
#include "bus/event.h"
#include "core/error.h"
#include "core/uuid.h"

namespace bh::bus {

namespace {

AppError broker_unavailable(std::string detail) {
    return unavailable("The message broker is unavailable", std::move(detail));
}

int millis(std::chrono::milliseconds duration) {
    return static_cast<int>(duration.count());
}

// The callbacks below are built outside the request coroutine on purpose: g++ 12 mis-handles
// the lifetime of capturing lambda temporaries inside coroutine bodies.
template <class Waiter>
DeliveryCallback fail_when_undelivered(std::shared_ptr<Waiter> waiter, std::string topic) {
    return [waiter = std::move(waiter), topic = std::move(topic)](const DeliveryReport& report) {
        if (!report.ok()) {
            waiter->set_exception(std::make_exception_ptr(
                broker_unavailable("kafka request to " + topic + ": " + report.error)));
        }
    };
}

template <class Waiter>
std::function<void(const boost::system::error_code&)> time_out_at_expiry(std::shared_ptr<Waiter> waiter,
                                                                         std::string topic) {
    return [waiter = std::move(waiter), topic = std::move(topic)](const boost::system::error_code& error) {
        if (!error) {
            waiter->set_exception(std::make_exception_ptr(timeout(
                "The service did not answer in time", "no reply from " + topic + " before the deadline")));
        }
    };
}

}  // namespace

std::string reply_topic_name(std::string_view topic_prefix, std::string_view instance_id) {
    return std::string(topic_prefix) + "replies." + std::string(instance_id);
}

struct RequestReply::Impl {
    using Waiter = detail::OneShot<Message>;

    Impl(Producer& request_producer, RequestReplyOptions reply_options)
        : producer(request_producer), options(std::move(reply_options)) {
        if (options.reply_topic.empty()) {
            throw internal("request/reply without reply topic");
        }
    }

    ~Impl() { stop(); }

    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    void start() {
        if (handle) {
            throw internal("request/reply started twice");
        }
        if (options.create_reply_topic) {
            ensure_topics(options.client, {options.reply_topic}, 1, options.reply_topic_replication,
                          options.start_timeout);
        }
        // Its own group, never committed to: the group only names this reader. Offsets are set by
        // hand to the end of the topic, so replies to earlier incarnations are skipped and every
        // reply to a request sent after start() is seen.
        const detail::Properties defaults = {
            {"group.id", options.reply_topic + "." + Uuid::v7().to_string()},
            {"enable.auto.commit", "false"},
            {"enable.auto.offset.store", "false"},
            {"auto.offset.reset", "latest"},
            {"enable.partition.eof", "false"},
        };
        handle = detail::make_handle(RD_KAFKA_CONSUMER, detail::make_conf(options.client, defaults));
        rd_kafka_poll_set_consumer(handle.get());
        assign_at_end();
        {
            std::lock_guard lock(mutex);
            accepting = true;
        }
        poller = std::thread([this] { run(); });
    }

    void assign_at_end() {
        const auto deadline = std::chrono::steady_clock::now() + options.start_timeout;
        const int partitions = detail::usable_partition_count(handle.get(), options.reply_topic, deadline);
        detail::PartitionListOwner assignment(rd_kafka_topic_partition_list_new(partitions));
        for (int partition = 0; partition < partitions; ++partition) {
            rd_kafka_topic_partition_list_add(assignment.get(), options.reply_topic.c_str(), partition)
                ->offset = detail::high_watermark(handle.get(), options.reply_topic, partition, deadline);
        }
        const auto error = rd_kafka_assign(handle.get(), assignment.get());
        if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
            throw broker_unavailable("kafka assign: " + detail::error_text(error));
        }
    }

    void run() {
        while (!stop_requested.load()) {
            detail::MessageOwner record(rd_kafka_consumer_poll(handle.get(), millis(options.poll_timeout)));
            if (!record) {
                continue;
            }
            if (record->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
                spdlog::warn("kafka reply reader {}: {}", options.reply_topic,
                             rd_kafka_message_errstr(record.get()));
                continue;
            }
            deliver(detail::to_message(*record));
        }
    }

    void deliver(Message reply) {
        std::shared_ptr<Waiter> waiter;
        if (const std::string* correlation_id = reply.header(header::kCorrelationId)) {
            std::lock_guard lock(mutex);
            if (auto found = waiting.find(*correlation_id); found != waiting.end()) {
                waiter = found->second;
            }
        }
        if (!waiter || !waiter->set_value(std::move(reply))) {
            ++late_replies;
        }
    }

    void stop() {
        stop_requested = true;
        if (poller.joinable()) {
            poller.join();
        }
        std::unordered_map<std::string, std::shared_ptr<Waiter>> abandoned;
        {
            std::lock_guard lock(mutex);
            accepting = false;
            abandoned.swap(waiting);
        }
        for (auto& [id, waiter] : abandoned) {
            waiter->set_exception(std::make_exception_ptr(broker_unavailable("request/reply stopped")));
        }
        if (handle) {
            rd_kafka_consumer_close(handle.get());
            handle.reset();
            if (options.delete_reply_topic) delete_reply_topic();
        }
    }

    void delete_reply_topic() const {
        try {
            delete_topics(options.client, {options.reply_topic}, options.start_timeout);
        } catch (const std::exception& e) {
            spdlog::warn("kafka reply topic {} is left behind: {}", options.reply_topic, e.what());
        }
    }

    std::shared_ptr<Waiter> add_waiter(const std::string& correlation_id) {
        auto waiter = Waiter::create();
        std::lock_guard lock(mutex);
        if (!accepting) {
            throw broker_unavailable("request/reply is not running");
        }
        waiting.emplace(correlation_id, waiter);
        return waiter;
    }

    void remove_waiter(const std::string& correlation_id) {
        std::lock_guard lock(mutex);
        waiting.erase(correlation_id);
    }

    Producer& producer;
    RequestReplyOptions options;
    detail::HandleOwner handle;
    std::thread poller;
    std::atomic<bool> stop_requested{false};

    mutable std::mutex mutex;
    bool accepting = false;
    std::unordered_map<std::string, std::shared_ptr<Waiter>> waiting;

    std::atomic<std::int64_t> completed{0};
    std::atomic<std::int64_t> timed_out{0};
    std::atomic<std::int64_t> failed{0};
    std::atomic<std::int64_t> late_replies{0};
};

RequestReply::RequestReply(Producer& producer, RequestReplyOptions options)
    : impl_(std::make_shared<Impl>(producer, std::move(options))) {}

RequestReply::~RequestReply() {
    impl_->stop();
}

void RequestReply::start() {
    impl_->start();
}

void RequestReply::stop() {
    impl_->stop();
}

boost::asio::awaitable<Message> RequestReply::request(std::string topic, std::string key, std::string payload,
                                                      std::chrono::steady_clock::time_point deadline,
                                                      Headers headers) {
    auto impl = impl_;
    const std::string correlation_id = Uuid::v7().to_string();
    Message message;
    message.topic = topic;
    message.key = std::move(key);
    message.payload = std::move(payload);
    message.headers = std::move(headers);
    message.set_header(header::kCorrelationId, correlation_id);
    message.set_header(header::kReplyTo, impl->options.reply_topic);
    add_standard_headers(message, traceparent_of(message));

    co_await impl->producer.prepare(topic);
    auto waiter = impl->add_waiter(correlation_id);
    struct Forget {  // whatever happens, nobody waits for this reply any more
        std::shared_ptr<Impl> impl;
        std::string correlation_id;
        ~Forget() { impl->remove_waiter(correlation_id); }
    } forget{impl, correlation_id};

    try {
        impl->producer.produce(message, fail_when_undelivered(waiter, topic));
    } catch (...) {
        ++impl->failed;
        throw;
    }

    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, deadline);
    timer.async_wait(time_out_at_expiry(waiter, topic));

    std::exception_ptr failure;
    Message answer;
    try {
        answer = co_await waiter->wait();
    } catch (const AppError& e) {
        ++(e.kind() == ErrorKind::Timeout ? impl->timed_out : impl->failed);
        failure = std::current_exception();
    } catch (...) {
        ++impl->failed;
        failure = std::current_exception();
    }
    timer.cancel();
    if (failure) {
        std::rethrow_exception(failure);
    }
    ++impl->completed;
    co_return answer;
}

boost::asio::awaitable<Message> RequestReply::request(std::string topic, std::string key, std::string payload,
                                                      std::chrono::milliseconds timeout, Headers headers) {
    return request(std::move(topic), std::move(key), std::move(payload),
                   std::chrono::steady_clock::now() + timeout, std::move(headers));
}

RequestReplyStats RequestReply::stats() const {
    RequestReplyStats stats;
    {
        std::lock_guard lock(impl_->mutex);
        stats.pending = static_cast<std::int64_t>(impl_->waiting.size());
    }
    stats.completed = impl_->completed.load();
    stats.timed_out = impl_->timed_out.load();
    stats.failed = impl_->failed.load();
    stats.late_replies = impl_->late_replies.load();
    return stats;
}

const std::string& RequestReply::reply_topic() const {
    return impl_->options.reply_topic;
}

boost::asio::awaitable<Delivery> reply(Producer& producer, const Message& request, std::string payload,
                                       Headers headers) {
    const std::string* reply_to = request.header(header::kReplyTo);
    const std::string* correlation_id = request.header(header::kCorrelationId);
    if (reply_to == nullptr || reply_to->empty() || correlation_id == nullptr || correlation_id->empty()) {
        throw bad_request("request without reply-to or correlation-id");
    }
    Message answer;
    answer.topic = *reply_to;
    answer.key = request.key;
    answer.payload = std::move(payload);
    answer.headers = std::move(headers);
    answer.set_header(header::kCorrelationId, *correlation_id);
    const std::string own_trace = traceparent_of(answer);
    add_standard_headers(answer, own_trace.empty() ? traceparent_of(request) : own_trace);
    // Not a coroutine: the request is read now, so the caller's message may go away before the
    // returned awaitable runs.
    return producer.send(std::move(answer));
}

}  // namespace bh::bus
