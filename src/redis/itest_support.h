#pragma once
// Shared by the redis integration tests (header-only: every .cpp here that is not a test goes into
// the library). A two-thread io_context like the process's, and a way to run a coroutine on it from
// a test body.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <future>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "redis/client.h"
#include "redis/options.h"
#include "support/test_env.h"

namespace bh::redis::testing {

using namespace std::chrono_literals;

inline ClientOptions options_from_env() {
    return parse_redis_url(bh::testing::require_env("REDIS_URL"));
}

class IoThreads {
  public:
    explicit IoThreads(int threads = 2) : guard_(io_.get_executor()) {
        for (int i = 0; i < threads; ++i) {
            threads_.emplace_back([this] {
                io_.run();
                ++finished_;
            });
        }
    }
    ~IoThreads() { stop(); }
    IoThreads(const IoThreads&) = delete;
    IoThreads& operator=(const IoThreads&) = delete;

    boost::asio::io_context& io() { return io_; }
    boost::asio::any_io_executor executor() { return io_.get_executor(); }

    // Runs `task` on the io_context and waits for it (exceptions are rethrown here).
    template <typename T>
    T run(boost::asio::awaitable<T> task, std::chrono::seconds limit = 60s) {
        auto future = boost::asio::co_spawn(io_, std::move(task), boost::asio::use_future);
        if (future.wait_for(limit) != std::future_status::ready) {
            throw std::runtime_error("test task hung");
        }
        return future.get();
    }

    // Lets the threads run out of work. Work left after `grace` means something kept a connection
    // or a timer alive after every Client was destroyed: that is a failure.
    void stop(std::chrono::milliseconds grace = 5s) {
        if (threads_.empty()) {
            return;
        }
        guard_.reset();
        const auto give_up = std::chrono::steady_clock::now() + grace;
        while (finished_.load() < static_cast<int>(threads_.size()) &&
               std::chrono::steady_clock::now() < give_up) {
            std::this_thread::sleep_for(10ms);
        }
        if (finished_.load() < static_cast<int>(threads_.size())) {
            ADD_FAILURE() << "the io_context still had work after every client was gone";
            io_.stop();
        }
        for (auto& t : threads_) {
            t.join();
        }
        threads_.clear();
    }

  private:
    boost::asio::io_context io_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
    std::vector<std::thread> threads_;
    std::atomic<int> finished_{0};
};

inline boost::asio::awaitable<void> sleep_for(std::chrono::milliseconds duration) {
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, duration);
    co_await timer.async_wait(boost::asio::use_awaitable);
}

// The ErrorKind of the AppError `task` throws, or nullopt when it completes.
template <typename T>
boost::asio::awaitable<std::optional<bh::ErrorKind>> error_kind_of(boost::asio::awaitable<T> task) {
    try {
        co_await std::move(task);
    } catch (const bh::AppError& e) {
        co_return e.kind();
    }
    co_return std::nullopt;
}

// The detail of the AppError `task` throws ("" when it completes): tells a real connection attempt
// ("Connection refused") from a refusal during the reconnect backoff.
template <typename T>
boost::asio::awaitable<std::string> error_detail_of(boost::asio::awaitable<T> task) {
    try {
        co_await std::move(task);
    } catch (const bh::AppError& e) {
        co_return e.detail();
    }
    co_return std::string();
}

inline std::chrono::milliseconds since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
}

}  // namespace bh::redis::testing
