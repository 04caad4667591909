#pragma once
// Shared by the db integration tests (*_itest.cpp): a database of its own per test suite on the
// server in PG_URL, and a way to run a coroutine to completion on an io_context.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "db/admin.h"
#include "db/connection.h"
#include "db/pool.h"
#include "support/test_env.h"

namespace bh::db::testing {

namespace asio = boost::asio;

// Runs `task` on `io` with `threads` threads until nothing is left to do (including the clean-up
// coroutines a Pool spawns), then rethrows what the task threw.
template <class T>
T run(asio::io_context& io, asio::awaitable<T> task, int threads = 1) {
    auto future = asio::co_spawn(io, std::move(task), asio::use_future);
    std::vector<std::thread> helpers;
    for (int i = 1; i < threads; ++i) helpers.emplace_back([&io] { io.run(); });
    io.run();
    for (auto& helper : helpers) helper.join();
    io.restart();
    return future.get();
}

// Runs two tasks concurrently, each its own coroutine, on `threads` threads. (Not the `&&` awaitable
// operator: its children share the parent's cancellation state, which is unsafe on a multi-threaded
// io_context without a strand.)
template <class A, class B>
std::pair<A, B> run_both(asio::io_context& io, asio::awaitable<A> first, asio::awaitable<B> second,
                         int threads = 2) {
    auto first_future = asio::co_spawn(io, std::move(first), asio::use_future);
    auto second_future = asio::co_spawn(io, std::move(second), asio::use_future);
    std::vector<std::thread> helpers;
    for (int i = 1; i < threads; ++i) helpers.emplace_back([&io] { io.run(); });
    io.run();
    for (auto& helper : helpers) helper.join();
    io.restart();
    A a = first_future.get();
    return {std::move(a), second_future.get()};
}

inline ConnectOptions server_options() {
    ConnectOptions options;
    options.url = bh::testing::require_env("PG_URL");
    return options;
}

// A fresh database, dropped when the object goes.
class ScratchDatabase {
  public:
    ScratchDatabase() : name_(bh::testing::unique_name("bh_db_itest")) {
        asio::io_context io;
        run(io, ensure_database(io.get_executor(), server_options(), name_));
    }
    ~ScratchDatabase() {
        try {
            asio::io_context io;
            run(io, drop_database(io.get_executor(), server_options(), name_));
        } catch (const std::exception& e) {
            ADD_FAILURE() << "could not drop " << name_ << ": " << e.what();
        }
    }
    ScratchDatabase(const ScratchDatabase&) = delete;
    ScratchDatabase& operator=(const ScratchDatabase&) = delete;

    const std::string& name() const { return name_; }
    ConnectOptions options() const {
        ConnectOptions options = server_options();
        options.database = name_;
        return options;
    }
    PoolOptions pool_options(std::size_t size = 4) const {
        PoolOptions options;
        options.connect = this->options();
        options.size = size;
        options.acquire_timeout = std::chrono::milliseconds{3000};
        return options;
    }

  private:
    std::string name_;
};

// One scratch database per test suite.
class DbTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { database_ = std::make_unique<ScratchDatabase>(); }
    static void TearDownTestSuite() { database_.reset(); }
    static const ScratchDatabase& database() { return *database_; }

    asio::awaitable<std::unique_ptr<Connection>> connect() {
        co_return co_await Connection::connect(io.get_executor(), database().options());
    }

    asio::io_context io;

  private:
    static inline std::unique_ptr<ScratchDatabase> database_;
};

}  // namespace bh::db::testing
