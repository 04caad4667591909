// The hasher's contract with the I/O threads: work happens on its pool, the caller resumes on its
// own executor, and a full backlog is refused at once instead of queued.
#include "security/password_hasher.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <future>
#include <thread>

#include "core/error.h"

namespace bh::security {
namespace {

namespace asio = boost::asio;

const Argon2idParams kCheap{crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN};

PasswordHasherOptions cheap(std::size_t threads, std::size_t backlog) {
    PasswordHasherOptions options;
    options.threads = threads;
    options.backlog = backlog;
    options.params = kCheap;
    return options;
}

template <class T>
T run(asio::io_context& io, asio::awaitable<T> task) {
    auto result = asio::co_spawn(io, std::move(task), asio::use_future);
    io.run();
    io.restart();
    return result.get();
}

TEST(PasswordHasher, HashesAndVerifies) {
    asio::io_context io;  // outlives the hasher, whose workers post to it
    PasswordHasher hasher(cheap(2, 4));
    const std::string hash = run(io, hasher.hash("hunter2"));
    EXPECT_TRUE(hash.starts_with("$argon2id$"));
    EXPECT_TRUE(run(io, hasher.verify("hunter2", hash)));
    EXPECT_FALSE(run(io, hasher.verify("hunter3", hash)));
    EXPECT_FALSE(hasher.needs_rehash(hash));
    EXPECT_TRUE(PasswordHasher().needs_rehash(hash));  // defaults are stronger than kCheap
    EXPECT_EQ(hasher.in_flight(), 0u);
}

TEST(PasswordHasher, UsesInteractiveLimitsByDefault) {
    asio::io_context io;  // outlives the hasher, whose workers post to it
    PasswordHasher hasher;
    const std::string hash = run(io, hasher.hash("pw"));
    EXPECT_TRUE(hash.starts_with("$argon2id$v=19$m=65536,t=2,p=1$")) << hash;
}

TEST(PasswordHasher, HashesOffTheCallingThreadAndResumesOnIt) {
    asio::io_context io;  // outlives the hasher, whose workers post to it
    std::mutex mutex;
    std::vector<std::thread::id> workers;
    PasswordHasherOptions options = cheap(2, 4);
    options.on_job_start = [&] {
        const std::lock_guard lock(mutex);
        workers.push_back(std::this_thread::get_id());
    };
    PasswordHasher hasher(std::move(options));
    const std::thread::id io_thread = std::this_thread::get_id();

    std::vector<std::thread::id> resumed;
    auto task = [&]() -> asio::awaitable<void> {
        const std::string hash = co_await hasher.hash("pw");
        resumed.push_back(std::this_thread::get_id());
        co_await hasher.verify("pw", hash);
        resumed.push_back(std::this_thread::get_id());
        co_await hasher.verify_unknown_user("pw");
        resumed.push_back(std::this_thread::get_id());
    };
    run(io, task());

    ASSERT_EQ(workers.size(), 3u);
    for (const auto id : workers) EXPECT_NE(id, io_thread);
    ASSERT_EQ(resumed.size(), 3u);
    for (const auto id : resumed) EXPECT_EQ(id, io_thread);
}

TEST(PasswordHasher, RefusesWorkBeyondTheBacklog) {
    asio::io_context io;  // outlives the hasher, whose workers post to it
    // One worker held on a gate: job 1 runs, job 2 waits (backlog 1), job 3 must be refused at once.
    std::promise<void> gate;
    std::shared_future<void> opened = gate.get_future().share();
    PasswordHasherOptions options = cheap(1, 1);
    options.retry_after = std::chrono::seconds(2);
    options.on_job_start = [opened] { opened.wait(); };
    PasswordHasher hasher(std::move(options));
    EXPECT_EQ(hasher.capacity(), 2u);

    std::atomic<int> hashed = 0;
    std::optional<AppError> refused;
    std::size_t in_flight_when_refused = 0;
    auto accepted = [&]() -> asio::awaitable<void> {
        co_await hasher.hash("pw");
        ++hashed;
    };
    auto overflow = [&]() -> asio::awaitable<void> {
        try {
            co_await hasher.hash("pw");
        } catch (const AppError& e) {
            refused = e;
            in_flight_when_refused = hasher.in_flight();
        }
        gate.set_value();  // let the held jobs finish
    };
    asio::co_spawn(io, accepted(), asio::detached);
    asio::co_spawn(io, accepted(), asio::detached);
    asio::co_spawn(io, overflow(), asio::detached);
    io.run();

    ASSERT_TRUE(refused.has_value());
    EXPECT_EQ(refused->kind(), ErrorKind::Unavailable);
    EXPECT_EQ(refused->retry_after(), std::chrono::seconds(2));
    EXPECT_EQ(in_flight_when_refused, 2u);
    EXPECT_EQ(hashed.load(), 2);
    EXPECT_EQ(hasher.in_flight(), 0u);
}

TEST(PasswordHasher, RunsAtMostThreadsJobsAtOnce) {
    asio::io_context io;  // outlives the hasher, whose workers post to it
    std::atomic<int> running = 0;
    std::atomic<int> peak = 0;
    PasswordHasherOptions options = cheap(2, 16);
    options.on_job_start = [&] {
        const int now = ++running;
        int seen = peak.load();
        while (now > seen && !peak.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        --running;
    };
    PasswordHasher hasher(std::move(options));
    int done = 0;
    for (int i = 0; i < 8; ++i) {
        asio::co_spawn(
            io,
            [&]() -> asio::awaitable<void> {
                co_await hasher.hash("pw");
                ++done;
            },
            asio::detached);
    }
    io.run();
    EXPECT_EQ(done, 8);
    EXPECT_EQ(peak.load(), 2);
}

TEST(PasswordHasher, ErrorsOfTheJobReachTheCaller) {
    asio::io_context io;  // outlives the hasher, whose workers post to it
    PasswordHasher hasher(cheap(1, 1));
    try {
        run(io, hasher.hash(std::string(kMaxPasswordBytes + 1, 'x')));
        FAIL() << "hashed an over-long password";
    } catch (const AppError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadRequest);
    }
    EXPECT_EQ(hasher.in_flight(), 0u);
}

TEST(PasswordHasher, UnknownUserNeverVerifies) {
    asio::io_context io;  // outlives the hasher, whose workers post to it
    PasswordHasher hasher(cheap(1, 1));
    EXPECT_FALSE(run(io, hasher.verify_unknown_user("")));
    EXPECT_FALSE(run(io, hasher.verify_unknown_user("anything")));
}

}  // namespace
}  // namespace bh::security
