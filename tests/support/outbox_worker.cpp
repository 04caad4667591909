// bh_outbox_worker: a process the outbox crash test (src/outbox/outbox_itest.cpp) starts and kills
// with SIGKILL at chosen points, so that afterwards only what PostgreSQL and Kafka hold survives.
//
//   bh_outbox_worker <mode> <database> <topic> <count>      endpoints from PG_URL and KAFKA_BROKERS
//
//   commit         one transaction: <count> ledger rows and their outbox events; prints COMMITTED,
//                  then hangs without publishing (the test kills it there)
//   publish-crash  one relay pass; prints PUBLISHED once Kafka acknowledged the batch, then hangs
//                  before the rows are stamped published (the test kills it there)
//   relay          relays until no outbox row is pending; prints DRAINED and exits 0
//
// Exit status: 0 done, 1 failed, 2 usage. A hanging worker ends by itself after kHangLimit, and
// when its parent dies, so an interrupted test run leaves nothing behind.
#include <spdlog/spdlog.h>
#include <sys/prctl.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>

#include "bus/producer.h"
#include "db/params.h"
#include "db/pool.h"
#include "db/result.h"
#include "db/statement.h"
#include "db/transaction.h"
#include "outbox/outbox.h"
#include "outbox/relay.h"

namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using namespace bh;

constexpr auto kHangLimit = 10min;
constexpr auto kDrainLimit = 60s;

constexpr db::Statement kInsertLedger{"worker.insert_ledger", "INSERT INTO ledger (amount) VALUES ($1)"};
constexpr db::Statement kPendingCount{"worker.pending",
                                      "SELECT count(*) FROM outbox WHERE published_at IS NULL"};

// The line the test waits for, flushed at once: stdout is a pipe, hence fully buffered.
void announce(const char* line) {
    std::fputs(line, stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

// Where the test kills the process. Blocks the calling thread, which is the point.
[[noreturn]] void hang() {
    std::this_thread::sleep_for(kHangLimit);
    std::_Exit(3);
}

asio::awaitable<int> commit(db::Pool& pool, std::string topic, int count) {
    co_await db::with_transaction(
        pool, db::Isolation::ReadCommitted, [&](db::Transaction& tx) -> asio::awaitable<void> {
            for (int i = 1; i <= count; ++i) {
                const std::int64_t amount = std::int64_t{100} * i;
                co_await tx->execute(kInsertLedger, db::Params{amount});
                outbox::Event event;
                event.topic = topic;
                event.key = "acct-1";
                event.type = "ledger.credited";
                event.payload = R"({"version":1,"amount":)" + std::to_string(amount) + "}";
                co_await outbox::enqueue(tx, event);
            }
        });
    announce("COMMITTED");
    hang();
}

asio::awaitable<int> publish_then_crash(db::Pool& pool, bus::Producer& producer) {
    outbox::RelayOptions options;
    options.after_publish = [] {
        announce("PUBLISHED");
        hang();
    };
    outbox::Relay relay(co_await asio::this_coro::executor, pool, producer, options);
    // Another relay may still hold the lock for a moment (a killed one whose session the server
    // has not ended yet): try again until a pass publishes something.
    const auto deadline = std::chrono::steady_clock::now() + kDrainLimit;
    asio::steady_timer pause(co_await asio::this_coro::executor);
    while (std::chrono::steady_clock::now() < deadline) {
        co_await relay.publish_once();  // a pass that publishes never returns: after_publish hangs
        pause.expires_after(50ms);
        co_await pause.async_wait(asio::use_awaitable);
    }
    spdlog::error("outbox worker: nothing to publish within {}s", kDrainLimit.count());
    co_return 1;
}

asio::awaitable<std::int64_t> pending(db::Pool& pool) {
    auto lease = co_await pool.acquire();
    const auto result = co_await lease->execute(kPendingCount);
    co_return result.one().get<std::int64_t>(0);
}

asio::awaitable<int> relay_until_drained(db::Pool& pool, bus::Producer& producer) {
    outbox::RelayOptions options;
    options.poll_interval = 50ms;
    outbox::Relay relay(co_await asio::this_coro::executor, pool, producer, options);
    relay.start();
    const auto deadline = std::chrono::steady_clock::now() + kDrainLimit;
    asio::steady_timer pause(co_await asio::this_coro::executor);
    std::int64_t left = co_await pending(pool);
    while (left > 0 && std::chrono::steady_clock::now() < deadline) {
        pause.expires_after(50ms);
        co_await pause.async_wait(asio::use_awaitable);
        left = co_await pending(pool);
    }
    co_await relay.stop(5s);
    if (left > 0) {
        spdlog::error("outbox worker: {} row(s) still pending after {}s", left, kDrainLimit.count());
        co_return 1;
    }
    announce("DRAINED");
    co_return 0;
}

std::optional<int> parse_count(const char* text) {
    char* end = nullptr;
    const long value = std::strtol(text, &end, 10);
    if (end == text || *end != '\0' || value < 1 || value > 100'000) return std::nullopt;
    return static_cast<int>(value);
}

}  // namespace

int main(int argc, char** argv) {
    const char* usage = "usage: bh_outbox_worker commit|publish-crash|relay <database> <topic> <count>\n";
    if (argc != 5) {
        std::fputs(usage, stderr);
        return 2;
    }
    const std::string mode = argv[1];
    const std::string database = argv[2];
    const std::string topic = argv[3];
    const auto count = parse_count(argv[4]);
    // Read before any thread exists, so getenv's lack of thread safety does not matter.
    const char* pg_url = std::getenv("PG_URL");          // NOLINT(concurrency-mt-unsafe)
    const char* brokers = std::getenv("KAFKA_BROKERS");  // NOLINT(concurrency-mt-unsafe)
    if (!count || (mode != "commit" && mode != "publish-crash" && mode != "relay")) {
        std::fputs(usage, stderr);
        return 2;
    }
    if (!pg_url || !brokers) {
        std::fputs("bh_outbox_worker: PG_URL and KAFKA_BROKERS must be set\n", stderr);
        return 2;
    }
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // the test died: so does its worker

    asio::io_context io;
    db::PoolOptions pool_options;
    pool_options.connect.url = pg_url;
    pool_options.connect.database = database;
    pool_options.size = 2;
    db::Pool pool(io.get_executor(), pool_options);
    bus::ProducerOptions producer_options;
    producer_options.client.brokers = brokers;
    producer_options.client.client_id = "bh-outbox-worker";
    producer_options.message_timeout = 10s;
    bus::Producer producer(producer_options);

    auto task = mode == "commit"          ? commit(pool, topic, *count)
                : mode == "publish-crash" ? publish_then_crash(pool, producer)
                                          : relay_until_drained(pool, producer);
    int status = 1;
    asio::co_spawn(io, std::move(task), [&](const std::exception_ptr& error, int code) {
        try {
            if (error) std::rethrow_exception(error);
            status = code;
        } catch (const std::exception& e) {
            spdlog::error("outbox worker {}: {}", mode, e.what());
        }
        io.stop();
    });
    // Two threads, as in the service: one of them may be blocked in hang().
    std::thread helper([&io] { io.run(); });
    io.run();
    helper.join();
    return status;
}
