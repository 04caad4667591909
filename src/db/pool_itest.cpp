#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include "core/error.h"
#include "db/itest_support.h"
#include "db/sql_error.h"

namespace bh::db {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using asio::awaitable;
using testing::DbTest;
using testing::run;

class PoolTest : public DbTest {};

awaitable<void> sleep_for(std::chrono::milliseconds duration) {
    asio::steady_timer timer(co_await asio::this_coro::executor, duration);
    co_await timer.async_wait(asio::use_awaitable);
}

TEST_F(PoolTest, ExhaustedPoolIsUnavailableAfterTheAcquireTimeout) {
    PoolOptions options = database().pool_options(1);
    options.acquire_timeout = 300ms;
    Pool pool(io.get_executor(), options);
    run(io, [&]() -> awaitable<void> {
        Lease held = co_await pool.acquire();
        const auto started = std::chrono::steady_clock::now();
        try {
            co_await pool.acquire();
            ADD_FAILURE() << "expected Unavailable";
        } catch (const AppError& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Unavailable);
        }
        const auto waited = std::chrono::steady_clock::now() - started;
        EXPECT_GE(waited, 280ms);
        EXPECT_LT(waited, 2s);
        const PoolStats stats = pool.stats();
        EXPECT_EQ(stats.timeouts_total, 1u);
        EXPECT_EQ(stats.in_use, 1u);
        EXPECT_EQ(stats.waiting, 0u);
    }());
}

TEST_F(PoolTest, BeyondMaxWaitingIsRefusedAtOnceAndAWaiterGetsTheReleasedConnection) {
    PoolOptions options = database().pool_options(1);
    options.max_waiting = 1;
    options.acquire_timeout = 5s;
    Pool pool(io.get_executor(), options);
    run(io, [&]() -> awaitable<void> {
        auto held = std::make_unique<Lease>(co_await pool.acquire());
        const int pid = (*held)->backend_pid();
        std::atomic<int> served_pid{0};
        asio::co_spawn(
            io,
            [&]() -> awaitable<void> {
                Lease lease = co_await pool.acquire();
                served_pid = lease->backend_pid();
            },
            asio::detached);
        co_await sleep_for(50ms);
        EXPECT_EQ(pool.stats().waiting, 1u);
        const auto started = std::chrono::steady_clock::now();
        try {
            co_await pool.acquire();
            ADD_FAILURE() << "expected Unavailable";
        } catch (const AppError& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Unavailable);
        }
        EXPECT_LT(std::chrono::steady_clock::now() - started, 100ms);
        EXPECT_EQ(pool.stats().rejected_total, 1u);
        held.reset();  // hands the connection straight to the waiter
        for (int i = 0; i < 100 && served_pid == 0; ++i) co_await sleep_for(10ms);
        EXPECT_EQ(served_pid, pid);
    }());
}

TEST_F(PoolTest, ManyCoroutinesOnSeveralThreadsShareABoundedPool) {
    PoolOptions options = database().pool_options(3);
    options.acquire_timeout = 10s;
    Pool pool(io.get_executor(), options);
    constexpr int kTasks = 40;
    constexpr int kQueriesEach = 25;
    std::atomic<int> done{0};
    std::atomic<std::size_t> most_open{0};
    run(
        io,
        [&]() -> awaitable<void> {
            for (int t = 0; t < kTasks; ++t) {
                asio::co_spawn(
                    io,
                    [&, t]() -> awaitable<void> {
                        for (int q = 0; q < kQueriesEach; ++q) {
                            Lease lease = co_await pool.acquire();
                            const Params params{t, q};
                            const Result r = co_await lease->query("SELECT $1::int * 1000 + $2::int", params);
                            EXPECT_EQ(r.one().get<std::int32_t>(0), t * 1000 + q);
                            most_open = std::max(most_open.load(), pool.stats().open);
                        }
                        ++done;
                    },
                    asio::detached);
            }
            co_return;
        }(),
        2);
    EXPECT_EQ(done, kTasks);
    const PoolStats stats = pool.stats();
    EXPECT_LE(most_open.load(), 3u);
    EXPECT_EQ(stats.acquired_total, static_cast<std::uint64_t>(kTasks * kQueriesEach));
    EXPECT_EQ(stats.in_use, 0u);
    EXPECT_EQ(stats.waiting, 0u);
    EXPECT_EQ(stats.timeouts_total, 0u);
}

TEST_F(PoolTest, ConnectionKilledByTheServerIsReplaced) {
    Pool pool(io.get_executor(), database().pool_options(1));
    run(io, [&]() -> awaitable<void> {
        int first_pid = 0;
        {
            Lease lease = co_await pool.acquire();
            first_pid = lease->backend_pid();
        }
        auto admin = co_await connect();
        co_await admin->query("SELECT pg_terminate_backend($1)", Params{first_pid});
        co_await sleep_for(200ms);
        Lease lease = co_await pool.acquire();
        EXPECT_NE(lease->backend_pid(), first_pid);
        const Result r = co_await lease->query("SELECT 1");
        EXPECT_EQ(r.one().get<std::int32_t>(0), 1);
        EXPECT_EQ(pool.stats().discarded_total, 1u);
        EXPECT_EQ(pool.stats().open, 1u);
    }());
}

TEST_F(PoolTest, BrokenConnectionIsDiscardedOnReturn) {
    Pool pool(io.get_executor(), database().pool_options(1));
    run(io, [&]() -> awaitable<void> {
        int first_pid = 0;
        {
            Lease lease = co_await pool.acquire();
            first_pid = lease->backend_pid();
            try {
                co_await lease->query("SELECT pg_sleep(10)", {}, 100ms);
            } catch (const AppError& e) {
                EXPECT_EQ(e.kind(), ErrorKind::Timeout);
            }
        }
        Lease lease = co_await pool.acquire();
        EXPECT_NE(lease->backend_pid(), first_pid);
        EXPECT_EQ(pool.stats().open, 1u);
    }());
}

TEST_F(PoolTest, PingAndStats) {
    Pool pool(io.get_executor(), database().pool_options(2));
    EXPECT_TRUE(run(io, pool.ping()));
    const PoolStats stats = pool.stats();
    EXPECT_EQ(stats.size, 2u);
    EXPECT_EQ(stats.open, 1u);
    EXPECT_EQ(stats.idle, 1u);
    EXPECT_EQ(stats.in_use, 0u);
}

TEST_F(PoolTest, DestroyedPoolFailsItsWaiters) {
    auto pool = std::make_unique<Pool>(io.get_executor(), database().pool_options(1));
    run(io, [&]() -> awaitable<void> {
        Lease held = co_await pool->acquire();
        std::atomic<bool> failed{false};
        asio::co_spawn(
            io,
            [&]() -> awaitable<void> {
                try {
                    co_await pool->acquire();
                } catch (const AppError& e) {
                    failed = e.kind() == ErrorKind::Unavailable;
                }
            },
            asio::detached);
        co_await sleep_for(50ms);
        pool.reset();
        co_await sleep_for(50ms);
        EXPECT_TRUE(failed);
        // The lease outlives its pool safely; its connection closes when it comes back.
        const Result r = co_await held->query("SELECT 1");
        EXPECT_EQ(r.size(), 1u);
    }());
}

// Two I/O threads with an io_context each: a lease comes from the share of the thread that asked, and a
// thread whose share is exhausted takes another share's idle connection before it waits.
TEST_F(PoolTest, SharesFollowTheCallersThreadAndLendIdleConnections) {
    asio::io_context second(1);
    auto guard = asio::make_work_guard(second);
    std::thread second_thread([&second] { second.run(); });
    const auto context_of = [](const Lease& lease) {
        return &asio::query(lease->executor(), asio::execution::context);
    };
    const asio::execution_context* first_context = &io;
    const asio::execution_context* second_context = &second;
    PoolOptions options = database().pool_options(2);
    options.acquire_timeout = 300ms;
    {
        Pool pool(IoShards({io.get_executor(), second.get_executor()}), options);
        EXPECT_EQ(pool.shares(), 2u);
        auto acquire_on_second = [&pool, &second] {
            return asio::co_spawn(second, pool.acquire(), asio::use_future);
        };

        Lease held_on_second = acquire_on_second().get();
        EXPECT_EQ(context_of(held_on_second), second_context);
        const int first_pid = run(io, [&]() -> awaitable<int> {
            Lease lease = co_await pool.acquire();
            EXPECT_EQ(context_of(lease), first_context);
            co_return lease->backend_pid();
        }());  // back to the first share, idle
        EXPECT_EQ(pool.stats().idle, 1u);

        // The second share (one connection) is held: the first share's idle connection is lent.
        Lease lent = acquire_on_second().get();
        EXPECT_EQ(context_of(lent), first_context);
        EXPECT_EQ(lent->backend_pid(), first_pid);
        EXPECT_EQ(run(io,
                      [&]() -> awaitable<int> {
                          const Result r = co_await lent->query("SELECT 1");
                          co_return static_cast<int>(r.size());
                      }()),
                  1);

        // Nothing idle anywhere: the second thread waits for its own share and times out.
        try {
            acquire_on_second().get();
            ADD_FAILURE() << "expected Unavailable";
        } catch (const AppError& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Unavailable);
        }
        const PoolStats stats = pool.stats();
        EXPECT_EQ(stats.size, 2u);
        EXPECT_EQ(stats.open, 2u);
        EXPECT_EQ(stats.in_use, 2u);
        EXPECT_EQ(stats.acquired_total, 3u);
        EXPECT_EQ(stats.timeouts_total, 1u);
    }
    guard.reset();
    second_thread.join();
}

TEST_F(PoolTest, NoMoreSharesThanConnections) {
    asio::io_context second(1), third(1);
    Pool pool(IoShards({io.get_executor(), second.get_executor(), third.get_executor()}),
              database().pool_options(2));
    EXPECT_EQ(pool.shares(), 2u);
    EXPECT_EQ(pool.stats().size, 2u);
}

}  // namespace
}  // namespace bh::db
