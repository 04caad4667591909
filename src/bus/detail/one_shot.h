#pragma once
// A result that some thread (a librdkafka callback, a timer) produces once and one coroutine
// awaits. The bridge between librdkafka's threads and the io_context: completing it posts the
// awaiting coroutine back onto its own executor, never runs it on the caller's thread.
//
// Internal to the bus module.
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>

namespace bh::bus::detail {

template <class T>
class OneShot : public std::enable_shared_from_this<OneShot<T>> {
  public:
    using Signature = void(std::exception_ptr, T);

    static std::shared_ptr<OneShot> create() { return std::make_shared<OneShot>(); }

    // Thread-safe; the first completion wins and the others return false.
    bool set_value(T value) { return complete(nullptr, std::move(value)); }
    bool set_exception(std::exception_ptr error) { return complete(std::move(error), T{}); }
    bool done() const {
        std::lock_guard lock(mutex_);
        return done_;
    }

    // Awaited by one coroutine at most. Cancelling the awaiting coroutine (e.g. the losing side of
    // `||`) completes the wait with boost::asio::error::operation_aborted.
    // Not a coroutine itself, and no lambda: g++ 12 releases the captures of a lambda temporary
    // inside a coroutine body twice.
    boost::asio::awaitable<T> wait() {
        return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&, Signature>(
            Initiation{this->shared_from_this()}, boost::asio::use_awaitable);
    }

  private:
    struct Initiation {
        std::shared_ptr<OneShot> self;
        template <class Handler>
        void operator()(Handler&& handler) const {
            self->attach(std::forward<Handler>(handler));
        }
    };

    template <class Handler>
    void attach(Handler handler) {
        // The handler's own executor (the coroutine's), tracked so io_context::run() does not
        // return while a coroutine still waits on us.
        boost::asio::any_io_executor executor = boost::asio::prefer(
            boost::asio::get_associated_executor(handler), boost::asio::execution::outstanding_work.tracked);
        std::unique_lock lock(mutex_);
        if (done_) {
            lock.unlock();
            boost::asio::post(executor, [handler = std::move(handler), error = error_,
                                         value = std::move(value_)]() mutable {
                std::move(handler)(error, std::move(value));
            });
            return;
        }
        executor_ = std::move(executor);
        handler_.emplace(std::move(handler));
        // Only now: wrapping a handler in any_completion_handler installs the wrapper's own
        // cancellation state in the handler's slot, replacing whatever was there.
        auto slot = handler_->get_cancellation_slot();
        if (slot.is_connected()) {
            std::weak_ptr<OneShot> weak = this->shared_from_this();
            slot.assign([weak](boost::asio::cancellation_type) {
                if (auto self = weak.lock()) {
                    self->set_exception(std::make_exception_ptr(
                        boost::system::system_error(boost::asio::error::operation_aborted)));
                }
            });
        }
    }

    bool complete(std::exception_ptr error, T value) {
        std::unique_lock lock(mutex_);
        if (done_) {
            return false;
        }
        done_ = true;
        if (!handler_) {
            error_ = std::move(error);
            value_ = std::move(value);
            return true;
        }
        auto handler = std::move(*handler_);
        handler_.reset();
        auto executor = std::move(executor_);
        executor_ = {};
        lock.unlock();
        boost::asio::post(
            executor, [handler = std::move(handler), error = std::move(error),
                       value = std::move(value)]() mutable { std::move(handler)(error, std::move(value)); });
        return true;
    }

    mutable std::mutex mutex_;
    bool done_ = false;
    std::exception_ptr error_;
    T value_{};
    std::optional<boost::asio::any_completion_handler<Signature>> handler_;
    boost::asio::any_io_executor executor_;
};

}  // namespace bh::bus::detail
