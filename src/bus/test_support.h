#pragma once
// Shared by this module's tests (unit and integration): an io_context running on its own thread,
// helpers to await coroutines from the test thread, and to wait for conditions.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <functional>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "bus/message.h"

namespace bh::bus::testing {

using namespace std::chrono_literals;

// What a consumer's handler received (on its strand), read by the test thread.
class Seen {
  public:
    void add(const Message& message) {
        std::lock_guard lock(mutex_);
        messages_.push_back(message);
    }
    std::vector<Message> messages() const {
        std::lock_guard lock(mutex_);
        return messages_;
    }
    std::size_t size() const {
        std::lock_guard lock(mutex_);
        return messages_.size();
    }

  private:
    mutable std::mutex mutex_;
    std::vector<Message> messages_;
};

// Handlers and coroutines run on `io` in a background thread; the test thread waits for them.
class IoThread {
  public:
    IoThread() : thread_([this] { io.run(); }) {}
    ~IoThread() {
        guard_.reset();
        io.stop();
        thread_.join();
    }
    IoThread(const IoThread&) = delete;
    IoThread& operator=(const IoThread&) = delete;

    // Runs `task` on the io thread and waits for its result (or exception).
    template <class T>
    T await(boost::asio::awaitable<T> task, std::chrono::milliseconds limit = 30s) {
        auto future = boost::asio::co_spawn(io, std::move(task), boost::asio::use_future);
        if (future.wait_for(limit) != std::future_status::ready) {
            throw std::runtime_error("coroutine timed out");
        }
        return future.get();
    }

    boost::asio::io_context io;

  private:
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_ =
        boost::asio::make_work_guard(io);
    std::thread thread_;
};

// Polls `condition` (test code only) until true or `limit`; returns the last answer.
inline bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit = 20s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(10ms);
    }
    return true;
}

inline boost::asio::awaitable<void> sleep_for(std::chrono::milliseconds duration) {
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, duration);
    co_await timer.async_wait(boost::asio::use_awaitable);
}

}  // namespace bh::bus::testing
