// The transactional outbox against the real PostgreSQL and Kafka of the stack (PG_URL,
// KAFKA_BROKERS): crash safety with real SIGKILLs (bh_outbox_worker), publication order and
// headers, rollback, relay exclusion, consumer de-duplication.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/json.hpp>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>

#include "bus/admin.h"
#include "bus/consumer.h"
#include "bus/event.h"
#include "bus/producer.h"
#include "bus/test_support.h"
#include "core/error.h"
#include "db/itest_support.h"
#include "db/migrations.h"
#include "migrations/messaging.h"
#include "outbox/outbox.h"
#include "outbox/processed_events.h"
#include "outbox/relay.h"
#include "support/test_env.h"

namespace bh::outbox {

// Readable gtest messages for apply_once's answer.
void PrintTo(Applied applied, std::ostream* out) {
    *out << (applied == Applied::Yes ? "Applied::Yes" : "Applied::Duplicate");
}

namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using asio::awaitable;
using bus::testing::eventually;

constexpr const char* kTraceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

// A bh_outbox_worker process, killed and reaped when the object goes whatever the test did, so a
// failed assertion never leaves a worker behind.
class Worker {
  public:
    Worker(const std::string& mode, const std::string& database, const std::string& topic, int count) {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);  // dup2 clears CLOEXEC
        std::string count_text = std::to_string(count);
        std::string program = BH_OUTBOX_WORKER;
        std::vector<std::string> args = {program, mode, database, topic, count_text};
        std::vector<char*> argv;
        argv.reserve(args.size() + 1);
        for (auto& arg : args) argv.push_back(arg.data());
        argv.push_back(nullptr);
        const int error = ::posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(fds[1]);
        output_fd_ = fds[0];
        if (error != 0) {
            ::close(output_fd_);
            pid_ = -1;
            throw std::runtime_error("cannot start " + program + ": " +
                                     std::system_category().message(error));
        }
    }
    ~Worker() {
        kill_and_reap();
        ::close(output_fd_);
    }
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    // Reads the worker's stdout until `line` arrives; false when `limit` passes or the worker
    // closes its stdout (exits) first.
    bool wait_for_line(const std::string& line, std::chrono::milliseconds limit) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (output_.find(line + "\n") == std::string::npos) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left <= 0ms) return false;
            pollfd readable{output_fd_, POLLIN, 0};
            if (::poll(&readable, 1, static_cast<int>(left.count())) <= 0) continue;
            char buffer[256];
            const auto got = ::read(output_fd_, buffer, sizeof buffer);
            if (got <= 0) return false;
            output_.append(buffer, static_cast<std::size_t>(got));
        }
        return true;
    }

    // The exit status once the worker ended by itself (128 + signal when killed), or nullopt
    // when it is still running after `limit`.
    std::optional<int> wait_exit(std::chrono::milliseconds limit) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (pid_ > 0) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
            if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
            std::this_thread::sleep_for(10ms);
        }
        return std::nullopt;
    }

    // SIGKILL: no destructor, no flush, no clean-up of any kind runs in the worker.
    void kill_and_reap() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGKILL);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
    }

    const std::string& output() const { return output_; }

  private:
    pid_t pid_ = -1;
    int output_fd_ = -1;
    std::string output_;
};

using Received = bus::testing::Seen;

// An io_context on several threads, for what must really run in parallel.
class IoThreads {
  public:
    explicit IoThreads(int count) {
        for (int i = 0; i < count; ++i) threads_.emplace_back([this] { io.run(); });
    }
    ~IoThreads() {
        guard_.reset();
        for (auto& thread : threads_) thread.join();
    }
    IoThreads(const IoThreads&) = delete;
    IoThreads& operator=(const IoThreads&) = delete;

    void await(awaitable<void> task) {
        auto done = asio::co_spawn(io, std::move(task), asio::use_future);
        if (done.wait_for(30s) != std::future_status::ready) throw std::runtime_error("coroutine timed out");
        done.get();
    }

    asio::io_context io;

  private:
    asio::executor_work_guard<asio::io_context::executor_type> guard_ = asio::make_work_guard(io);
    std::vector<std::thread> threads_;
};

std::int64_t amount_of(const bus::Message& message) {
    return boost::json::parse(message.payload).as_object().at("amount").as_int64();
}

awaitable<void> create_schema(db::Pool& pool) {
    co_await db::migrate(pool, "messaging", migrations::messaging());
    auto lease = co_await pool.acquire();
    co_await lease->execute_script(
        "CREATE TABLE ledger (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, amount BIGINT NOT NULL);"
        "CREATE TABLE balance (consumer TEXT PRIMARY KEY, total BIGINT NOT NULL);");
}

// The consumer's effect: the event's amount added to its balance, in the de-duplication transaction.
awaitable<void> credit(db::Transaction& tx, const std::string& consumer, std::int64_t amount) {
    co_await tx->query(
        "INSERT INTO balance (consumer, total) VALUES ($1, $2) "
        "ON CONFLICT (consumer) DO UPDATE SET total = balance.total + EXCLUDED.total",
        db::Params{consumer, amount});
}

// A fresh database with the messaging tables per test: every relay publishes the whole outbox.
class OutboxIntegration : public ::testing::Test {
  protected:
    OutboxIntegration()
        : brokers(bh::testing::require_env("KAFKA_BROKERS")),
          pool(io.io.get_executor(), database.pool_options(4)),
          producer(producer_options()) {
        io.await(create_schema(pool));
    }

    bus::ClientSettings client() const {
        bus::ClientSettings settings;
        settings.brokers = brokers;
        settings.client_id = "outbox-itest";
        return settings;
    }

    bus::ProducerOptions producer_options() const {
        bus::ProducerOptions options;
        options.client = client();
        options.message_timeout = 10s;
        return options;
    }

    std::string new_topic(int partitions) const {
        auto name = bh::testing::unique_name("outbox_itest");
        bus::ensure_topics(brokers, {name, bus::dead_letter_topic(name)}, partitions, 1);
        return name;
    }

    bus::ConsumerOptions consumer_options(const std::string& topic) const {
        bus::ConsumerOptions options;
        options.client = client();
        options.group_id = bh::testing::unique_name("outbox_itest_group");
        options.topics = {topic};
        options.retry_backoff = 10ms;
        options.retry_backoff_max = 50ms;
        options.drain_timeout = 2s;
        return options;
    }

    // Records on the topic, whoever reads them: the sum of the partitions' high watermarks.
    std::int64_t records_on(const std::string& topic) const {
        std::int64_t total = 0;
        for (const auto& partition : bus::group_lag(client(), bh::testing::unique_name("nobody"), topic)) {
            total += partition.high_watermark;
        }
        return total;
    }

    // Reads the topic from the start until `expected` messages arrived (or 60 s passed).
    std::vector<bus::Message> consume(const std::string& topic, std::size_t expected) {
        Received received;
        bus::Consumer consumer(
            io.io.get_executor(), consumer_options(topic),
            [&received](const bus::Message& message) -> awaitable<void> {
                received.add(message);
                co_return;
            },
            producer);
        consumer.start();
        const bool complete = eventually([&] { return received.size() >= expected; }, 60s);
        io.await(consumer.stop());
        EXPECT_TRUE(complete) << "received " << received.size() << " of " << expected;
        return received.messages();
    }

    std::int64_t scalar(const std::string& sql, const db::Params& params = {}) {
        return io.await([](db::Pool& p, std::string text, db::Params values) -> awaitable<std::int64_t> {
            auto lease = co_await p.acquire();
            const auto result = co_await lease->query(text, values);
            co_return result.one().get<std::int64_t>(0);
        }(pool, sql, params));
    }

    std::int64_t pending() { return scalar("SELECT count(*) FROM outbox WHERE published_at IS NULL"); }

    // One transaction enqueueing one event per key, each payload {"version":1,"seq":seq}.
    std::vector<Uuid> enqueue_committed(const std::string& topic, const std::vector<std::string>& keys,
                                        int seq) {
        return io.await(db::with_transaction(
            pool, db::Isolation::ReadCommitted, [&](db::Transaction& tx) -> awaitable<std::vector<Uuid>> {
                std::vector<Uuid> ids;
                ids.reserve(keys.size());
                for (const auto& key : keys) {
                    ids.push_back(co_await enqueue(tx, numbered_event(topic, key, seq)));
                }
                co_return ids;
            }));
    }

    static Event numbered_event(const std::string& topic, const std::string& key, int seq) {
        Event event;
        event.topic = topic;
        event.key = key;
        event.type = "ledger.credited";
        event.payload = R"({"version":1,"seq":)" + std::to_string(seq) + "}";
        event.headers = {{std::string(bus::header::kTraceparent), kTraceparent}};
        return event;
    }

    db::testing::ScratchDatabase database;
    std::string brokers;
    bus::testing::IoThread io;
    db::Pool pool;
    bus::Producer producer;
};

int seq_of(const bus::Message& message) {
    return static_cast<int>(boost::json::parse(message.payload).as_object().at("seq").as_int64());
}

// The issue's acceptance test: committed-not-published and published-not-stamped both survive a
// SIGKILL, the second one as duplicates on Kafka, and the consumer's effect is still exactly once.
TEST_F(OutboxIntegration, SurvivesSigkillBetweenCommitAndPublish) {
    constexpr int kEvents = 25;
    const auto topic = new_topic(3);

    {  // 1. The producing process dies right after COMMIT: nothing published, nothing lost.
        Worker worker("commit", database.name(), topic, kEvents);
        ASSERT_TRUE(worker.wait_for_line("COMMITTED", 30s)) << worker.output();
        worker.kill_and_reap();
    }
    EXPECT_EQ(scalar("SELECT count(*) FROM ledger"), kEvents);
    EXPECT_EQ(scalar("SELECT count(*) FROM outbox WHERE published_at IS NULL AND attempts = 0 AND topic = $1",
                     db::Params{topic}),
              kEvents);
    EXPECT_EQ(records_on(topic), 0);

    {  // 2. A relay dies after Kafka acknowledged the batch, before stamping it published.
        Worker worker("publish-crash", database.name(), topic, kEvents);
        ASSERT_TRUE(worker.wait_for_line("PUBLISHED", 60s)) << worker.output();
        worker.kill_and_reap();
    }
    EXPECT_EQ(pending(), kEvents);  // the stamping transaction died with the process
    EXPECT_EQ(records_on(topic), kEvents);

    {  // 3. The next relay publishes the batch again and stamps it: the duplicates are real.
        Worker worker("relay", database.name(), topic, kEvents);
        ASSERT_TRUE(worker.wait_for_line("DRAINED", 60s)) << worker.output();
        EXPECT_EQ(worker.wait_exit(15s), std::optional<int>(0));
    }
    EXPECT_EQ(pending(), 0);
    EXPECT_EQ(records_on(topic), 2 * kEvents);

    // 4. The consumer receives every event twice and applies it once.
    const std::string consumer_name = "balance-consumer";
    Received received;
    std::atomic<int> duplicates{0};
    bus::Consumer consumer(
        io.io.get_executor(), consumer_options(topic),
        [&](const bus::Message& message) -> awaitable<void> {
            received.add(message);
            const auto amount = amount_of(message);
            const Applied applied = co_await apply_once(
                pool, consumer_name, message,
                [&](db::Transaction& tx) -> awaitable<void> { co_await credit(tx, consumer_name, amount); });
            if (applied == Applied::Duplicate) ++duplicates;
        },
        producer);
    consumer.start();
    const bool settled = eventually(
        [&] {
            return consumer.stats().processed >= std::int64_t{2} * kEvents &&
                   scalar("SELECT count(*) FROM processed_events") == kEvents;
        },
        60s);
    io.await(consumer.stop());
    ASSERT_TRUE(settled) << "processed " << consumer.stats().processed << " of " << 2 * kEvents;

    const auto messages = received.messages();
    EXPECT_EQ(messages.size(), 2u * kEvents);
    std::map<std::string, int> copies_by_id;
    std::int64_t distinct_total = 0;
    for (const auto& message : messages) {
        if (++copies_by_id[*message.header(bus::header::kEventId)] == 1) distinct_total += amount_of(message);
    }
    EXPECT_EQ(copies_by_id.size(), static_cast<std::size_t>(kEvents));
    for (const auto& [id, copies] : copies_by_id) EXPECT_EQ(copies, 2) << id;
    EXPECT_EQ(duplicates.load(), kEvents);

    const std::int64_t ledger_total = scalar("SELECT sum(amount) FROM ledger");
    EXPECT_GT(ledger_total, 0);
    EXPECT_EQ(distinct_total, ledger_total);
    EXPECT_EQ(scalar("SELECT total FROM balance WHERE consumer = $1", db::Params{consumer_name}),
              ledger_total);  // not doubled
    EXPECT_EQ(scalar("SELECT count(*) FROM processed_events WHERE consumer = $1", db::Params{consumer_name}),
              kEvents);
}

TEST_F(OutboxIntegration, RelayPublishesInCommitOrderWithHeaders) {
    const auto topic = new_topic(3);
    const std::vector<std::string> keys = {"acct-7", "acct-8"};
    std::map<std::string, std::vector<Uuid>> ids_by_key;  // in commit order
    for (int seq = 0; seq < 6; ++seq) {
        const auto ids = enqueue_committed(topic, keys, seq);
        for (std::size_t i = 0; i < keys.size(); ++i) ids_by_key[keys[i]].push_back(ids[i]);
    }

    Relay relay(io.io.get_executor(), pool, producer, RelayOptions{});
    EXPECT_EQ(io.await(relay.publish_once()), 12u);  // one pass: the batch holds them all
    EXPECT_EQ(relay.stats().published, 12u);
    EXPECT_EQ(relay.stats().failed, 0u);
    EXPECT_EQ(relay.stats().passes, 1u);
    EXPECT_EQ(pending(), 0);
    EXPECT_EQ(scalar("SELECT count(*) FROM outbox WHERE attempts = 1 AND last_error IS NULL"), 12);
    EXPECT_EQ(io.await(relay.publish_once()), 0u);  // nothing left: nothing sent again
    EXPECT_EQ(records_on(topic), 12);

    std::map<std::string, std::vector<bus::Message>> by_key;
    for (auto& message : consume(topic, 12)) by_key[message.key].push_back(std::move(message));
    for (const auto& key : keys) {
        const auto& messages = by_key[key];
        ASSERT_EQ(messages.size(), 6u) << key;
        for (std::size_t seq = 0; seq < messages.size(); ++seq) {
            const auto& message = messages[seq];
            EXPECT_EQ(seq_of(message), static_cast<int>(seq)) << key;
            EXPECT_EQ(message.partition, messages.front().partition) << key;
            const std::string* id = message.header(bus::header::kEventId);
            ASSERT_NE(id, nullptr);
            const auto parsed = Uuid::parse(*id);
            ASSERT_TRUE(parsed.has_value()) << *id;
            EXPECT_EQ(parsed->version(), 7);
            EXPECT_EQ(*parsed, ids_by_key[key][seq]);
            ASSERT_NE(message.header(bus::header::kEventType), nullptr);
            EXPECT_EQ(*message.header(bus::header::kEventType), "ledger.credited");
            ASSERT_NE(message.header(bus::header::kContentType), nullptr);
            EXPECT_EQ(*message.header(bus::header::kContentType), bus::kJsonContentType);
            ASSERT_NE(message.header(bus::header::kTraceparent), nullptr);
            EXPECT_EQ(*message.header(bus::header::kTraceparent), kTraceparent);
        }
    }
}

TEST_F(OutboxIntegration, RolledBackTransactionPublishesNothing) {
    const auto topic = new_topic(1);
    io.await([&]() -> awaitable<void> {  // rolled back explicitly
        auto lease = co_await pool.acquire();
        auto tx = co_await db::Transaction::begin(lease);
        co_await enqueue(tx, numbered_event(topic, "acct-1", 0));
        co_await enqueue(tx, numbered_event(topic, "acct-1", 1));
        co_await tx.rollback();
    }());
    EXPECT_THROW(io.await(db::with_transaction(  // rolled back by an exception after the enqueue
                     pool, db::Isolation::ReadCommitted,
                     [&](db::Transaction& tx) -> awaitable<void> {
                         co_await enqueue(tx, numbered_event(topic, "acct-1", 2));
                         throw conflict("the business rule said no");
                     })),
                 AppError);
    EXPECT_EQ(scalar("SELECT count(*) FROM outbox"), 0);

    Relay relay(io.io.get_executor(), pool, producer, RelayOptions{});
    EXPECT_EQ(io.await(relay.publish_once()), 0u);
    EXPECT_EQ(relay.stats().published, 0u);

    // The same relay does publish a committed event, and only that one.
    const Uuid committed = enqueue_committed(topic, {"acct-1"}, 3).front();
    EXPECT_EQ(io.await(relay.publish_once()), 1u);
    EXPECT_EQ(records_on(topic), 1);
    const auto messages = consume(topic, 1);
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(*messages[0].header(bus::header::kEventId), committed.to_string());
}

TEST_F(OutboxIntegration, OnlyOneRelayPublishesAtATime) {
    constexpr int kRounds = 50;
    const std::vector<std::string> keys = {"acct-1", "acct-2", "acct-3", "acct-4"};
    const std::size_t total = kRounds * keys.size();
    const auto topic = new_topic(3);

    // Two service instances: each its own pool and producer, running on two threads in parallel.
    IoThreads relays_io(2);
    db::Pool first_pool(relays_io.io.get_executor(), database.pool_options(2));
    db::Pool second_pool(relays_io.io.get_executor(), database.pool_options(2));
    bus::Producer first_producer(producer_options());
    bus::Producer second_producer(producer_options());
    // after_publish runs while a relay holds the lock; held a little longer so that an overlap,
    // if the lock let one through, would be seen.
    std::atomic<int> holding{0};
    std::atomic<bool> overlapped{false};
    RelayOptions options;
    options.batch = 16;
    options.poll_interval = 5ms;
    options.after_publish = [&] {
        if (holding.fetch_add(1) != 0) overlapped = true;
        std::this_thread::sleep_for(2ms);
        holding.fetch_sub(1);
    };
    Relay first(relays_io.io.get_executor(), first_pool, first_producer, options);
    Relay second(relays_io.io.get_executor(), second_pool, second_producer, options);
    first.start();
    second.start();

    for (int seq = 0; seq < kRounds; ++seq) enqueue_committed(topic, keys, seq);  // while they run
    const bool drained = eventually([&] { return pending() == 0; }, 60s);
    relays_io.await(first.stop(5s));
    relays_io.await(second.stop(5s));
    ASSERT_TRUE(drained) << pending() << " still pending";

    EXPECT_FALSE(overlapped.load());
    const auto a = first.stats();
    const auto b = second.stats();
    EXPECT_EQ(a.published + b.published, total);  // each row stamped by exactly one of them
    EXPECT_EQ(a.failed + b.failed, 0u);
    EXPECT_GE(a.passes + b.passes, total / options.batch);
    EXPECT_EQ(records_on(topic), static_cast<std::int64_t>(total));  // nothing sent twice

    std::set<std::string> seen_ids;
    std::map<std::string, int> last_seq;
    for (const auto& message : consume(topic, total)) {
        if (!seen_ids.insert(*message.header(bus::header::kEventId)).second) continue;  // a duplicate
        const int seq = seq_of(message);
        const auto [it, first_of_key] = last_seq.emplace(message.key, seq);
        if (!first_of_key) {
            EXPECT_EQ(seq, it->second + 1) << message.key;  // per key: in order, none missing
            it->second = seq;
        }
    }
    EXPECT_EQ(seen_ids.size(), total);
    for (const auto& key : keys) EXPECT_EQ(last_seq[key], kRounds - 1) << key;
}

bus::Message event_with_id(std::optional<std::string> event_id, std::int64_t amount) {
    bus::Message message;
    message.topic = "outbox_itest";
    message.key = "acct-1";
    message.payload = R"({"version":1,"amount":)" + std::to_string(amount) + "}";
    if (event_id) message.set_header(bus::header::kEventId, *event_id);
    return message;
}

TEST_F(OutboxIntegration, ApplyOnceRejectsEventsWithoutId) {
    int effects = 0;
    const auto effect = [&effects](db::Transaction&) -> awaitable<void> {
        ++effects;
        co_return;
    };
    for (const auto& id : std::vector<std::optional<std::string>>{std::nullopt, "", "not-a-uuid"}) {
        try {
            io.await(apply_once(pool, "balance-consumer", event_with_id(id, 100), effect));
            ADD_FAILURE() << "accepted event-id " << id.value_or("(none)");
        } catch (const AppError& e) {
            EXPECT_EQ(e.kind(), ErrorKind::BadRequest);  // the Consumer dead-letters it at once
        }
    }
    EXPECT_EQ(effects, 0);
    EXPECT_EQ(scalar("SELECT count(*) FROM processed_events"), 0);
}

TEST_F(OutboxIntegration, ApplyOnceIsIdempotent) {
    const auto message = event_with_id(Uuid::v7().to_string(), 250);
    int effects = 0;
    const auto apply = [&](const std::string& consumer, const bus::Message& event) {
        return io.await(
            apply_once(pool, consumer, event, [&, consumer](db::Transaction& tx) -> awaitable<void> {
                ++effects;
                co_await credit(tx, consumer, amount_of(event));
            }));
    };
    EXPECT_EQ(apply("balance-consumer", message), Applied::Yes);
    EXPECT_EQ(apply("balance-consumer", message), Applied::Duplicate);
    EXPECT_EQ(effects, 1);
    EXPECT_EQ(scalar("SELECT total FROM balance WHERE consumer = 'balance-consumer'"), 250);
    // De-duplication is per consumer: another one applies the same event for itself.
    EXPECT_EQ(apply("audit-consumer", message), Applied::Yes);
    EXPECT_EQ(effects, 2);

    // A failing effect records nothing, so the redelivery applies it.
    const auto other = event_with_id(Uuid::v7().to_string(), 40);
    EXPECT_THROW(io.await(apply_once(pool, "balance-consumer", other,
                                     [](db::Transaction& tx) -> awaitable<void> {
                                         co_await credit(tx, "balance-consumer", 40);
                                         throw unavailable("downstream is down");
                                     })),
                 AppError);
    EXPECT_EQ(scalar("SELECT total FROM balance WHERE consumer = 'balance-consumer'"), 250);
    EXPECT_EQ(apply("balance-consumer", other), Applied::Yes);
    EXPECT_EQ(scalar("SELECT total FROM balance WHERE consumer = 'balance-consumer'"), 290);
    EXPECT_EQ(scalar("SELECT count(*) FROM processed_events"), 3);
}

}  // namespace
}  // namespace bh::outbox
