#include "bus/producer.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_set>

#include "bus/detail/kafka.h"
#include "bus/detail/one_shot.h"
#include "core/error.h"

namespace bh::bus {

namespace {

constexpr int kPollMillis = 100;  // how long the delivery thread blocks per rd_kafka_poll
constexpr auto kMetadataTimeout = std::chrono::milliseconds(2'000);
constexpr auto kQueueFullPause = std::chrono::milliseconds(10);

AppError broker_unavailable(const std::string& topic, const std::string& reason) {
    return unavailable("The message broker is unavailable", "kafka publish to " + topic + ": " + reason);
}

// Built outside the coroutine on purpose: g++ 12 mis-handles the lifetime of a capturing lambda
// temporary inside a coroutine body (the captured shared_ptr was released twice).
DeliveryCallback resume_with(std::shared_ptr<detail::OneShot<Delivery>> waiter, std::string topic) {
    return [waiter = std::move(waiter), topic = std::move(topic)](const DeliveryReport& report) {
        if (report.ok()) {
            waiter->set_value(*report.delivery);
        } else {
            waiter->set_exception(std::make_exception_ptr(broker_unavailable(topic, report.error)));
        }
    };
}

}  // namespace

struct Producer::Impl {
    explicit Impl(ProducerOptions producer_options) : options(std::move(producer_options)) {
        const detail::Properties defaults = {
            // Exactly-once per partition from this producer, in order, even across retries.
            {"enable.idempotence", "true"},
            {"acks", "all"},
            {"message.timeout.ms", std::to_string(options.message_timeout.count())},
            {"linger.ms", std::to_string(options.linger.count())},
        };
        auto conf = detail::make_conf(options.client, defaults);
        rd_kafka_conf_set_dr_msg_cb(conf.get(), &Impl::on_delivery);
        rd_kafka_conf_set_opaque(conf.get(), this);
        handle = detail::make_handle(RD_KAFKA_PRODUCER, std::move(conf));
        poller = std::thread([this] {
            while (!stopping.load()) {
                rd_kafka_poll(handle.get(), kPollMillis);
            }
        });
        topic_learner = std::thread([this] { learn_topics(); });
    }

    ~Impl() {
        {
            std::lock_guard lock(topics_mutex);
            stopping = true;
        }
        topics_changed.notify_all();
        if (topic_learner.joinable()) {
            topic_learner.join();
        }
        if (poller.joinable()) {
            poller.join();
        }
        rd_kafka_poll(handle.get(), 0);  // serve reports that arrived since the last poll
    }

    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    // Hands the record to librdkafka without throwing; the callback is owned by librdkafka (as
    // the record's opaque) only when this returns NO_ERROR.
    rd_kafka_resp_err_t try_produce(const Message& message, DeliveryCallback on_delivery) {
        auto callback = std::make_unique<DeliveryCallback>(std::move(on_delivery));
        std::vector<rd_kafka_vu_t> fields;
        fields.reserve(8 + message.headers.size());
        auto add = [&fields](rd_kafka_vtype_t type) -> rd_kafka_vu_t& {
            fields.emplace_back();
            fields.back().vtype = type;
            return fields.back();
        };
        add(RD_KAFKA_VTYPE_TOPIC).u.cstr = message.topic.c_str();
        add(RD_KAFKA_VTYPE_PARTITION).u.i32 = message.partition;
        add(RD_KAFKA_VTYPE_MSGFLAGS).u.i = RD_KAFKA_MSG_F_COPY;
        auto& value = add(RD_KAFKA_VTYPE_VALUE);
        value.u.mem.ptr = const_cast<char*>(message.payload.data());  // copied, never written
        value.u.mem.size = message.payload.size();
        if (!message.key.empty()) {
            auto& key = add(RD_KAFKA_VTYPE_KEY);
            key.u.mem.ptr = const_cast<char*>(message.key.data());
            key.u.mem.size = message.key.size();
        }
        if (message.timestamp_ms != 0) {
            add(RD_KAFKA_VTYPE_TIMESTAMP).u.i64 = message.timestamp_ms;
        }
        for (const auto& [name, header_value] : message.headers) {
            auto& header = add(RD_KAFKA_VTYPE_HEADER);
            header.u.header.name = name.c_str();
            header.u.header.val = header_value.data();
            header.u.header.size = static_cast<ssize_t>(header_value.size());
        }
        add(RD_KAFKA_VTYPE_OPAQUE).u.ptr = callback.get();

        ++in_flight;
        detail::ErrorOwner error(rd_kafka_produceva(handle.get(), fields.data(), fields.size()));
        if (error) {
            --in_flight;
            return rd_kafka_error_code(error.get());
        }
        static_cast<void>(callback.release());  // on_delivery deletes it
        return RD_KAFKA_RESP_ERR_NO_ERROR;
    }

    // Every record goes out at once; the result completes when the last one has reported.
    std::shared_ptr<detail::OneShot<std::vector<DeliveryReport>>> produce_batch(
        const std::vector<Message>& messages) {
        struct Batch {
            std::mutex mutex;
            std::vector<DeliveryReport> reports;
            std::size_t remaining = 0;
            std::shared_ptr<detail::OneShot<std::vector<DeliveryReport>>> done =
                detail::OneShot<std::vector<DeliveryReport>>::create();

            void finish_one() {  // mutex held
                if (--remaining == 0) {
                    done->set_value(std::move(reports));
                }
            }
        };
        auto batch = std::make_shared<Batch>();
        batch->reports.resize(messages.size());
        batch->remaining = messages.size() + 1;  // +1 until the loop is done, so nothing completes early
        for (std::size_t i = 0; i < messages.size(); ++i) {
            const auto error = try_produce(messages[i], [batch, i](const DeliveryReport& report) {
                std::lock_guard lock(batch->mutex);
                batch->reports[i] = report;
                batch->finish_one();
            });
            if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
                std::lock_guard lock(batch->mutex);
                batch->reports[i].error = detail::error_text(error);
                batch->finish_one();
            }
        }
        std::lock_guard lock(batch->mutex);
        batch->finish_one();
        return batch->done;
    }

    bool knows(const std::string& topic) {
        std::lock_guard lock(topics_mutex);
        return known_topics.contains(topic);
    }

    std::shared_ptr<detail::OneShot<bool>> learn(std::string topic) {
        auto learned = detail::OneShot<bool>::create();
        {
            std::lock_guard lock(topics_mutex);
            if (known_topics.contains(topic) || stopping.load()) {
                learned->set_value(true);
                return learned;
            }
            topics_to_learn.emplace_back(std::move(topic), learned);
        }
        topics_changed.notify_one();
        return learned;
    }

    // Helper thread: rd_kafka_metadata blocks, and the delivery thread must not.
    void learn_topics() {
        std::unique_lock lock(topics_mutex);
        for (;;) {
            topics_changed.wait(lock, [this] { return stopping.load() || !topics_to_learn.empty(); });
            if (topics_to_learn.empty()) {
                return;  // stopping
            }
            auto [topic, learned] = std::move(topics_to_learn.front());
            topics_to_learn.pop_front();
            if (!known_topics.contains(topic) && !stopping.load()) {
                lock.unlock();
                fetch_metadata(topic);
                lock.lock();
                // Also after a failure: the next record must not wait again; librdkafka retries.
                known_topics.insert(topic);
            }
            learned->set_value(true);
        }
    }

    void fetch_metadata(const std::string& topic) {
        detail::TopicOwner topic_handle(rd_kafka_topic_new(handle.get(), topic.c_str(), nullptr));
        const rd_kafka_metadata_t* metadata = nullptr;
        const auto timeout = std::min(kMetadataTimeout, options.message_timeout);
        const auto error = rd_kafka_metadata(handle.get(), 0, topic_handle.get(), &metadata,
                                             static_cast<int>(timeout.count()));
        if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
            spdlog::warn("kafka metadata of {}: {}", topic, detail::error_text(error));
            return;
        }
        rd_kafka_metadata_destroy(metadata);
    }

    static void on_delivery(rd_kafka_t* /*rk*/, const rd_kafka_message_t* record, void* opaque) {
        auto* self = static_cast<Impl*>(opaque);
        std::unique_ptr<DeliveryCallback> callback(static_cast<DeliveryCallback*>(record->_private));
        DeliveryReport report;
        if (record->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
            report.delivery = Delivery{record->partition, record->offset};
            ++self->delivered;
        } else {
            report.error = detail::error_text(record->err);
            ++self->failed;
        }
        --self->in_flight;
        if (!callback || !*callback) {
            return;
        }
        try {
            (*callback)(report);
        } catch (const std::exception& e) {
            spdlog::error("kafka delivery callback threw: {}", e.what());
        }
    }

    ProducerOptions options;
    detail::HandleOwner handle;
    std::thread poller;
    std::atomic<bool> stopping{false};
    std::atomic<std::int64_t> in_flight{0};
    std::atomic<std::int64_t> delivered{0};
    std::atomic<std::int64_t> failed{0};

    std::mutex topics_mutex;
    std::condition_variable topics_changed;
    std::unordered_set<std::string> known_topics;
    std::deque<std::pair<std::string, std::shared_ptr<detail::OneShot<bool>>>> topics_to_learn;
    std::thread topic_learner;
};

Producer::Producer(ProducerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Producer::~Producer() {
    if (flush(impl_->options.close_timeout) > 0) {
        spdlog::warn("kafka producer closing with {} unacknowledged records; failing them",
                     impl_->in_flight.load());
        rd_kafka_purge(impl_->handle.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
        flush(std::chrono::seconds(1));  // purged records still report, as failures
    }
}

void Producer::produce(const Message& message, DeliveryCallback on_delivery) {
    const auto error = impl_->try_produce(message, std::move(on_delivery));
    if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
        throw broker_unavailable(message.topic, detail::error_text(error));
    }
}

boost::asio::awaitable<void> Producer::prepare(std::string topic) {
    if (!impl_->knows(topic)) {
        co_await impl_->learn(std::move(topic))->wait();
    }
}

boost::asio::awaitable<Delivery> Producer::send(Message message) {
    co_await prepare(message.topic);
    auto waiter = detail::OneShot<Delivery>::create();
    const auto deadline = std::chrono::steady_clock::now() + impl_->options.message_timeout;
    for (;;) {
        const auto error = impl_->try_produce(message, resume_with(waiter, message.topic));
        if (error == RD_KAFKA_RESP_ERR_NO_ERROR) {
            break;
        }
        // A full local queue is back-pressure, not failure: wait for deliveries to make room.
        if (error != RD_KAFKA_RESP_ERR__QUEUE_FULL || std::chrono::steady_clock::now() >= deadline) {
            throw broker_unavailable(message.topic, detail::error_text(error));
        }
        boost::asio::steady_timer pause(co_await boost::asio::this_coro::executor, kQueueFullPause);
        co_await pause.async_wait(boost::asio::use_awaitable);
    }
    co_return co_await waiter->wait();
}

boost::asio::awaitable<std::vector<DeliveryReport>> Producer::send_batch(std::vector<Message> messages) {
    std::unordered_set<std::string> topics;
    for (const auto& message : messages) {
        topics.insert(message.topic);
    }
    for (const auto& topic : topics) {
        co_await prepare(topic);
    }
    auto reports = impl_->produce_batch(messages);
    co_return co_await reports->wait();
}

std::int64_t Producer::flush(std::chrono::milliseconds timeout) {
    rd_kafka_flush(impl_->handle.get(), static_cast<int>(timeout.count()));
    return impl_->in_flight.load();
}

bool Producer::brokers_reachable(std::chrono::milliseconds timeout) {
    const rd_kafka_metadata_t* metadata = nullptr;
    const auto error =
        rd_kafka_metadata(impl_->handle.get(), 0, nullptr, &metadata, static_cast<int>(timeout.count()));
    if (error != RD_KAFKA_RESP_ERR_NO_ERROR) return false;
    const bool reachable = metadata->broker_cnt > 0;
    rd_kafka_metadata_destroy(metadata);
    return reachable;
}

ProducerStats Producer::stats() const {
    return {impl_->in_flight.load(), impl_->delivered.load(), impl_->failed.load()};
}

}  // namespace bh::bus
