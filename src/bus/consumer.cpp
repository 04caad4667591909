#include "bus/consumer.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstring>
#include <deque>
#include <map>
#include <thread>

#include "bus/detail/in_flight.h"
#include "bus/detail/kafka.h"
#include "bus/detail/lag_statistics.h"
#include "bus/detail/one_shot.h"
#include "bus/event.h"
#include "bus/producer.h"
#include "core/error.h"

namespace bh::bus {

namespace {

using detail::TopicPartition;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxErrorHeaderBytes = 1024;

TopicPartition partition_of(const Message& message) {
    return {message.topic, message.partition};
}

std::vector<TopicPartition> partitions_of(const rd_kafka_topic_partition_list_t& list) {
    std::vector<TopicPartition> result;
    result.reserve(static_cast<std::size_t>(list.cnt));
    for (int i = 0; i < list.cnt; ++i) {
        result.emplace_back(list.elems[i].topic, list.elems[i].partition);
    }
    return result;
}

std::string describe(const rd_kafka_topic_partition_list_t& list) {
    std::string text;
    for (const auto& [topic, partition] : partitions_of(list)) {
        if (!text.empty()) {
            text += ", ";
        }
        text += topic + "[" + std::to_string(partition) + "]";
    }
    return text.empty() ? "nothing" : text;
}

}  // namespace

struct Consumer::Impl : std::enable_shared_from_this<Consumer::Impl> {
    // Strand-only state of one partition: what is waiting, and whether a worker drains it.
    struct PartitionQueue {
        std::deque<Message> pending;
        bool running = false;
        std::unique_ptr<boost::asio::steady_timer> backoff;
    };

    Impl(const boost::asio::any_io_executor& executor, ConsumerOptions consumer_options,
         Handler message_handler, Producer& dead_letter_producer)
        : options(std::move(consumer_options)),
          handler(std::move(message_handler)),
          dead_letters(dead_letter_producer),
          strand(boost::asio::make_strand(executor)) {
        if (options.group_id.empty()) {
            throw internal("kafka consumer without group id");
        }
        if (options.topics.empty()) {
            throw internal("kafka consumer without topics");
        }
        options.max_attempts = std::max(options.max_attempts, 1);
        options.max_in_flight = std::max<std::size_t>(options.max_in_flight, 1);
        const detail::Properties defaults = {
            {"group.id", options.group_id},
            {"enable.auto.commit", "true"},
            // Offsets are stored by hand, after the handler succeeded: at-least-once.
            {"enable.auto.offset.store", "false"},
            {"auto.commit.interval.ms", std::to_string(options.auto_commit_interval.count())},
            {"auto.offset.reset", options.auto_offset_reset},
            {"statistics.interval.ms", std::to_string(options.stats_interval.count())},
            {"enable.partition.eof", "false"},
            {"session.timeout.ms", std::to_string(options.session_timeout.count())},
            {"heartbeat.interval.ms",
             std::to_string(std::max<std::int64_t>(options.session_timeout.count() / 4, 100))},
        };
        auto conf = detail::make_conf(options.client, defaults);
        rd_kafka_conf_set_rebalance_cb(conf.get(), &Impl::on_rebalance);
        rd_kafka_conf_set_stats_cb(conf.get(), &Impl::on_statistics);
        rd_kafka_conf_set_opaque(conf.get(), this);
        handle = detail::make_handle(RD_KAFKA_CONSUMER, std::move(conf));
        // Callbacks (rebalance, statistics, errors) are then served by rd_kafka_consumer_poll.
        rd_kafka_poll_set_consumer(handle.get());
    }

    ~Impl() {
        if (poller.joinable()) {
            poller.join();
        }
    }

    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    void start() {
        if (started) {
            throw internal("kafka consumer started twice");
        }
        detail::PartitionListOwner topics(
            rd_kafka_topic_partition_list_new(static_cast<int>(options.topics.size())));
        for (const auto& topic : options.topics) {
            rd_kafka_topic_partition_list_add(topics.get(), topic.c_str(), RD_KAFKA_PARTITION_UA);
        }
        const auto error = rd_kafka_subscribe(handle.get(), topics.get());
        if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
            throw unavailable("The message broker is unavailable",
                              "kafka subscribe: " + detail::error_text(error));
        }
        started = true;
        poller = std::thread([this] { run(); });
    }

    // ---- polling thread ----

    void run() {
        while (!stop_requested.load()) {
            apply_backpressure();
            detail::MessageOwner record(
                rd_kafka_consumer_poll(handle.get(), static_cast<int>(options.poll_timeout.count())));
            if (!record) {
                continue;
            }
            if (record->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
                report_poll_error(*record);
                continue;
            }
            dispatch(detail::to_message(*record));
        }
        shut_down();
    }

    void report_poll_error(const rd_kafka_message_t& record) {
        if (record.err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            return;
        }
        spdlog::warn("kafka consumer {}: {}: {}", options.group_id, rd_kafka_err2name(record.err),
                     rd_kafka_message_errstr(&record));
    }

    void dispatch(Message message) {
        ++received;
        in_flight.add(partition_of(message));
        boost::asio::post(strand, [self = shared_from_this(), message = std::move(message)]() mutable {
            self->enqueue(std::move(message));
        });
    }

    // Pausing stops fetching but keeps polling, so rebalances and the group heartbeat go on.
    void apply_backpressure() {
        const auto unfinished = in_flight.total();
        if (!paused && unfinished >= options.max_in_flight) {
            set_paused(true);
        } else if (paused && unfinished <= options.max_in_flight / 2) {
            set_paused(false);
        }
    }

    void set_paused(bool pause) {
        rd_kafka_topic_partition_list_t* assignment = nullptr;
        if (rd_kafka_assignment(handle.get(), &assignment) != RD_KAFKA_RESP_ERR_NO_ERROR) {
            return;
        }
        detail::PartitionListOwner owner(assignment);
        if (pause) {
            rd_kafka_pause_partitions(handle.get(), assignment);
        } else {
            rd_kafka_resume_partitions(handle.get(), assignment);
        }
        paused = pause;
        spdlog::debug("kafka consumer {}: fetching {}", options.group_id, pause ? "paused" : "resumed");
    }

    static void on_rebalance(rd_kafka_t* rk, rd_kafka_resp_err_t error,
                             rd_kafka_topic_partition_list_t* partitions, void* opaque) {
        auto* self = static_cast<Impl*>(opaque);
        const bool cooperative = std::strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;
        if (error == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
            spdlog::info("kafka consumer {}: assigned {}", self->options.group_id, describe(*partitions));
            if (cooperative) {
                detail::ErrorOwner(rd_kafka_incremental_assign(rk, partitions));
            } else {
                rd_kafka_assign(rk, partitions);
            }
            self->paused = false;  // new partitions start fetching; back-pressure re-pauses if needed
        } else if (error == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
            spdlog::info("kafka consumer {}: revoked {}", self->options.group_id, describe(*partitions));
            self->release(partitions_of(*partitions));
            if (cooperative) {
                detail::ErrorOwner(rd_kafka_incremental_unassign(rk, partitions));
            } else {
                rd_kafka_assign(rk, nullptr);
            }
        } else {
            spdlog::error("kafka consumer {}: rebalance failed: {}", self->options.group_id,
                          detail::error_text(error));
            rd_kafka_assign(rk, nullptr);
        }
        self->count_assignment();
    }

    void count_assignment() {
        rd_kafka_topic_partition_list_t* assignment = nullptr;
        if (rd_kafka_assignment(handle.get(), &assignment) != RD_KAFKA_RESP_ERR_NO_ERROR) {
            return;
        }
        detail::PartitionListOwner owner(assignment);
        assigned_partitions = assignment->cnt;
    }

    // Before partitions go to another member: forget what has not started, give running
    // handlers a bounded time to finish and store, and commit, so the next owner starts right
    // after the last processed message.
    void release(const std::vector<TopicPartition>& partitions) {
        boost::asio::post(strand,
                          [self = shared_from_this(), partitions] { self->drop_pending(partitions); });
        const auto wait =
            closing.load() || abandon.load() ? std::chrono::milliseconds(0) : options.drain_timeout;
        if (!in_flight.wait_idle(partitions, Clock::now() + wait) && wait.count() > 0) {
            spdlog::warn(
                "kafka consumer {}: handlers still running after {} ms; their messages will be "
                "delivered again",
                options.group_id, wait.count());
        }
        if (!rd_kafka_assignment_lost(handle.get())) {
            commit_stored();
        }
    }

    void commit_stored() {
        const auto error = rd_kafka_commit(handle.get(), nullptr, 0);
        if (error != RD_KAFKA_RESP_ERR_NO_ERROR && error != RD_KAFKA_RESP_ERR__NO_OFFSET) {
            spdlog::warn("kafka consumer {}: commit failed: {}", options.group_id, detail::error_text(error));
        }
    }

    static int on_statistics(rd_kafka_t* /*rk*/, char* json, std::size_t length, void* opaque) {
        auto* self = static_cast<Impl*>(opaque);
        auto lag = detail::parse_partition_lag(std::string_view(json, length));
        std::lock_guard lock(self->lag_mutex);
        self->lag = std::move(lag);
        return 0;  // librdkafka frees json
    }

    void shut_down() {
        handlers_stopping = true;
        boost::asio::post(strand, [self = shared_from_this()] { self->abort_waiting_work(); });
        if (!abandon.load() && !in_flight.wait_idle({}, Clock::now() + options.drain_timeout)) {
            spdlog::warn(
                "kafka consumer {}: {} handlers still running at stop; their messages will be "
                "delivered again",
                options.group_id, in_flight.total());
        }
        closing = true;
        commit_stored();
        const auto error = rd_kafka_consumer_close(handle.get());
        if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
            spdlog::warn("kafka consumer {}: close: {}", options.group_id, detail::error_text(error));
        }
        detail::HandleOwner closed;
        {
            std::lock_guard lock(handle_mutex);
            closed = std::move(handle);
        }
        closed.reset();
        assigned_partitions = 0;
        {
            std::lock_guard lock(lag_mutex);
            lag.clear();
        }
        stopped->set_value(true);
        spdlog::info("kafka consumer {}: stopped", options.group_id);
    }

    // ---- strand: queues, workers, handlers ----

    void enqueue(Message message) {
        auto partition = partition_of(message);
        auto& queue = queues[partition];
        queue.pending.push_back(std::move(message));
        if (queue.running) {
            return;
        }
        queue.running = true;
        boost::asio::co_spawn(strand, drain(shared_from_this(), std::move(partition)), boost::asio::detached);
    }

    void drop_pending(const std::vector<TopicPartition>& partitions) {
        for (const auto& partition : partitions) {
            auto found = queues.find(partition);
            if (found == queues.end()) {
                continue;
            }
            in_flight.finish(partition, found->second.pending.size());
            found->second.pending.clear();
        }
    }

    void abort_waiting_work() {
        for (auto& [partition, queue] : queues) {
            in_flight.finish(partition, queue.pending.size());
            queue.pending.clear();
            if (queue.backoff) {
                queue.backoff->cancel();
            }
        }
    }

    // One worker per partition with pending messages: that is what keeps a partition in order.
    static boost::asio::awaitable<void> drain(std::shared_ptr<Impl> self, TopicPartition partition) {
        for (;;) {
            auto& queue = self->queues[partition];
            if (queue.pending.empty()) {
                queue.running = false;
                co_return;
            }
            Message message = std::move(queue.pending.front());
            queue.pending.pop_front();
            co_await self->process(message);
            self->in_flight.finish(partition);
        }
    }

    boost::asio::awaitable<void> process(const Message& message) {
        auto backoff = options.retry_backoff;
        std::string failure;
        int attempt = 1;
        for (;; ++attempt) {
            bool permanent = false;
            try {
                co_await handler(message);
                store_offset(message);
                ++processed;
                co_return;
            } catch (const AppError& e) {
                failure = e.what();
                permanent = e.kind() == ErrorKind::BadRequest;
            } catch (const std::exception& e) {
                failure = e.what();
            } catch (...) {
                failure = "unknown exception";
            }
            if (permanent || attempt >= options.max_attempts) {
                break;
            }
            if (handlers_stopping.load()) {
                co_return;  // not stored: the next owner gets it again
            }
            ++retries;
            spdlog::warn("kafka consumer {}: {}[{}]@{} attempt {} failed: {}", options.group_id,
                         message.topic, message.partition, message.offset, attempt, failure);
            const bool slept = co_await sleep(partition_of(message), backoff);
            if (!slept) co_return;
            backoff = std::min(backoff * 2, options.retry_backoff_max);
        }
        co_await dead_letter(message, failure, attempt);
    }

    boost::asio::awaitable<void> dead_letter(const Message& message, const std::string& failure,
                                             int attempts) {
        Message letter;
        letter.topic = dead_letter_topic(message.topic);
        letter.key = message.key;
        letter.payload = message.payload;
        letter.headers = message.headers;
        letter.set_header(header::kDeadLetterError, failure.substr(0, kMaxErrorHeaderBytes));
        letter.set_header(header::kDeadLetterAttempts, std::to_string(attempts));
        letter.set_header(header::kDeadLetterTopic, message.topic);
        letter.set_header(header::kDeadLetterPartition, std::to_string(message.partition));
        letter.set_header(header::kDeadLetterOffset, std::to_string(message.offset));
        letter.set_header(header::kDeadLetterGroup, options.group_id);
        auto backoff = options.retry_backoff;
        for (;;) {
            std::string problem;
            try {
                co_await dead_letters.send(letter);
            } catch (const std::exception& e) {
                problem = e.what();
            }
            if (problem.empty()) {
                store_offset(message);
                ++dead_lettered;
                spdlog::error("kafka consumer {}: {}[{}]@{} moved to {} after {} attempts: {}",
                              options.group_id, message.topic, message.partition, message.offset,
                              letter.topic, attempts, failure);
                co_return;
            }
            // The partition waits rather than lose the message.
            spdlog::error("kafka consumer {}: cannot dead-letter {}[{}]@{}: {}", options.group_id,
                          message.topic, message.partition, message.offset, problem);
            if (handlers_stopping.load() || !co_await sleep(partition_of(message), backoff)) {
                co_return;
            }
            backoff = std::min(backoff * 2, options.retry_backoff_max);
        }
    }

    // False when stop() cut the wait short.
    boost::asio::awaitable<bool> sleep(TopicPartition partition, std::chrono::milliseconds duration) {
        auto& queue = queues[partition];
        if (!queue.backoff) {
            queue.backoff = std::make_unique<boost::asio::steady_timer>(strand);
        }
        queue.backoff->expires_after(duration);
        auto [error] = co_await queue.backoff->async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        co_return !error && !handlers_stopping.load();
    }

    void store_offset(const Message& message) {
        std::lock_guard lock(handle_mutex);
        if (!handle) {
            return;
        }
        detail::PartitionListOwner offsets(rd_kafka_topic_partition_list_new(1));
        rd_kafka_topic_partition_list_add(offsets.get(), message.topic.c_str(), message.partition)->offset =
            message.offset + 1;  // the committed offset is the next message to read
        auto error = rd_kafka_offsets_store(handle.get(), offsets.get());
        if (error == RD_KAFKA_RESP_ERR_NO_ERROR) {
            error = offsets->elems[0].err;
        }
        if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
            // Typically the partition was revoked meanwhile: its next owner processes it again.
            spdlog::warn("kafka consumer {}: offset of {}[{}]@{} not stored: {}", options.group_id,
                         message.topic, message.partition, message.offset, detail::error_text(error));
        }
    }

    ConsumerOptions options;
    Handler handler;
    Producer& dead_letters;
    boost::asio::strand<boost::asio::any_io_executor> strand;

    std::mutex handle_mutex;  // handle is reset by the polling thread while handlers may store
    detail::HandleOwner handle;
    std::thread poller;
    std::atomic<bool> started{false};
    std::atomic<bool> stop_requested{false};
    std::atomic<bool> stop_awaited{false};
    std::atomic<bool> abandon{false};            // destructor: do not wait for handlers
    std::atomic<bool> closing{false};            // closing: revocation does not wait either
    std::atomic<bool> handlers_stopping{false};  // no more retries or backoff sleeps
    std::shared_ptr<detail::OneShot<bool>> stopped = detail::OneShot<bool>::create();

    detail::InFlight in_flight;
    std::atomic<bool> paused{false};
    std::atomic<std::int64_t> assigned_partitions{0};
    std::map<TopicPartition, PartitionQueue> queues;  // strand only

    std::atomic<std::int64_t> received{0};
    std::atomic<std::int64_t> processed{0};
    std::atomic<std::int64_t> retries{0};
    std::atomic<std::int64_t> dead_lettered{0};

    mutable std::mutex lag_mutex;
    std::vector<PartitionLag> lag;
};

Consumer::Consumer(const boost::asio::any_io_executor& executor, ConsumerOptions options, Handler handler,
                   Producer& dead_letters)
    : impl_(std::make_shared<Impl>(executor, std::move(options), std::move(handler), dead_letters)) {}

Consumer::~Consumer() {
    if (!impl_->stopped->done()) {
        impl_->abandon = true;
    }
    impl_->stop_requested = true;
    if (impl_->poller.joinable()) {
        impl_->poller.join();
    }
}

void Consumer::start() {
    impl_->start();
}

boost::asio::awaitable<void> Consumer::stop() {
    auto impl = impl_;
    if (!impl->started || impl->stop_awaited.exchange(true)) {
        co_return;
    }
    impl->stop_requested = true;
    co_await impl->stopped->wait();
}

void Consumer::close() {
    impl_->stop_requested = true;
    if (impl_->poller.joinable()) {
        impl_->poller.join();
    }
}

ConsumerStats Consumer::stats() const {
    ConsumerStats stats;
    stats.received = impl_->received.load();
    stats.processed = impl_->processed.load();
    stats.retries = impl_->retries.load();
    stats.dead_lettered = impl_->dead_lettered.load();
    stats.in_flight = static_cast<std::int64_t>(impl_->in_flight.total());
    stats.assigned_partitions = impl_->assigned_partitions.load();
    stats.paused = impl_->paused.load();
    return stats;
}

std::vector<PartitionLag> Consumer::lag() const {
    std::lock_guard lock(impl_->lag_mutex);
    return impl_->lag;
}

}  // namespace bh::bus
