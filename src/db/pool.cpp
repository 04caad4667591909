#include "db/pool.h"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>
#include <deque>
#include <mutex>
#include <optional>
#include <vector>

#include "core/error.h"

namespace bh::db {

namespace asio = boost::asio;
using SteadyClock = std::chrono::steady_clock;

namespace {
constexpr const char* kBusyMessage = "The service is busy. Please try again later.";
constexpr const char* kUnavailableMessage = "The database is unavailable. Please try again later.";
}  // namespace

namespace detail {

// A coroutine queued in acquire(). Whoever serves it (under the pool mutex) sets `served` and hands
// over a connection, or no connection: the right to open one. The channel only wakes it up; all
// decisions are taken under the mutex, so a wake-up racing the deadline cannot lose a connection.
struct Waiter {
    explicit Waiter(const asio::any_io_executor& executor) : wake(executor, 1) {}
    asio::experimental::concurrent_channel<void(boost::system::error_code)> wake;
    bool served = false;
    bool pool_closed = false;
    std::unique_ptr<Connection> connection;
};

class PoolCore : public std::enable_shared_from_this<PoolCore> {
  public:
    PoolCore(asio::any_io_executor executor, PoolOptions options)
        : options_(std::move(options)), executor_(std::move(executor)) {}

    const PoolOptions& options() const { return options_; }

    // `self` is this core: the coroutine frame holds it, so a waiting acquire keeps the core alive
    // even if the Pool is destroyed meanwhile.
    asio::awaitable<Lease> acquire(std::shared_ptr<PoolCore> self, std::chrono::milliseconds patience) {
        const auto deadline = SteadyClock::now() + patience;
        std::unique_ptr<Connection> connection;
        std::shared_ptr<Waiter> waiter;
        {
            const asio::any_io_executor my_executor = co_await asio::this_coro::executor;
            std::lock_guard lock(mutex_);
            if (closed_) throw unavailable(kUnavailableMessage, "db pool: closed");
            if (!idle_.empty()) {
                connection = std::move(idle_.back());  // the most recently used: warm, likely alive
                idle_.pop_back();
            } else if (open_ < options_.size) {
                ++open_;  // this coroutine now owns a slot and opens the connection itself
            } else if (waiters_.size() >= options_.max_waiting) {
                ++rejected_total_;
                throw unavailable(kBusyMessage,
                                  "db pool: " + std::to_string(waiters_.size()) + " already waiting");
            } else {
                waiter = std::make_shared<Waiter>(my_executor);
                waiters_.push_back(waiter);
            }
        }
        if (waiter) connection = co_await wait_turn(waiter, deadline);

        // From here this coroutine owns a slot: with a connection, or the right to open one.
        try {
            if (connection && !connection->check_alive()) {
                spdlog::info("db pool: dropping a connection the server closed; opening a new one");
                connection.reset();
                count_discarded();
            }
            if (!connection) connection = co_await open_connection(deadline);
        } catch (...) {
            free_slot();
            throw;
        }
        {
            std::lock_guard lock(mutex_);
            ++acquired_total_;
        }
        co_return Lease(std::move(self), std::move(connection));
    }

    // Whether acquire() would be served without waiting (an idle connection or room for one); a hint,
    // the answer may be stale when it arrives.
    bool can_serve_now() const {
        std::lock_guard lock(mutex_);
        return !closed_ && (!idle_.empty() || open_ < options_.size);
    }

    // An idle connection now, or nothing: for a caller whose own share is exhausted.
    std::optional<Lease> try_lease_idle(std::shared_ptr<PoolCore> self) {
        std::unique_ptr<Connection> connection;
        {
            std::lock_guard lock(mutex_);
            if (closed_ || idle_.empty()) return std::nullopt;
            connection = std::move(idle_.back());
            idle_.pop_back();
        }
        if (!connection->check_alive()) {
            connection.reset();
            count_discarded();
            free_slot();
            return std::nullopt;
        }
        std::lock_guard lock(mutex_);
        ++acquired_total_;
        return Lease(std::move(self), std::move(connection));
    }

    // Called by Lease; never throws (a destructor calls it).
    void give_back(std::unique_ptr<Connection> connection, bool needs_rollback) noexcept {
        try {
            const TransactionState state = connection->transaction_state();
            if (connection->is_broken() || state == TransactionState::Active ||
                state == TransactionState::Unknown) {
                discard(std::move(connection));
            } else if (needs_rollback || state == TransactionState::InTransaction ||
                       state == TransactionState::InError) {
                // Roll back now rather than at the next acquire: until then the open transaction
                // would hold its row locks and block other connections.
                auto executor = connection->executor();
                asio::co_spawn(executor, roll_back_and_return(shared_from_this(), std::move(connection)),
                               asio::detached);
            } else {
                return_clean(std::move(connection));
            }
        } catch (const std::exception& e) {
            spdlog::error("db pool: could not take a connection back: {}", e.what());
            if (connection) discard(std::move(connection));
        }
    }

    void close() {
        std::vector<std::unique_ptr<Connection>> idle;
        std::deque<std::shared_ptr<Waiter>> waiters;
        {
            std::lock_guard lock(mutex_);
            closed_ = true;
            idle.swap(idle_);
            waiters.swap(waiters_);
            open_ -= idle.size();
            for (auto& waiter : waiters) waiter->pool_closed = true;
        }
        for (auto& waiter : waiters) waiter->wake.try_send(boost::system::error_code{});
        idle.clear();  // closes them, outside the lock
    }

    PoolStats stats() const {
        std::lock_guard lock(mutex_);
        PoolStats s;
        s.size = options_.size;
        s.open = open_;
        s.idle = idle_.size();
        s.in_use = open_ - idle_.size();
        s.waiting = waiters_.size();
        s.acquired_total = acquired_total_;
        s.timeouts_total = timeouts_total_;
        s.rejected_total = rejected_total_;
        s.connect_failures_total = connect_failures_total_;
        s.discarded_total = discarded_total_;
        return s;
    }

  private:
    asio::awaitable<std::unique_ptr<Connection>> wait_turn(std::shared_ptr<Waiter> waiter,
                                                           SteadyClock::time_point deadline) {
        asio::steady_timer timer(co_await asio::this_coro::executor, deadline);
        auto [order, wake_ec, timer_ec] =
            co_await asio::experimental::make_parallel_group(waiter->wake.async_receive(asio::deferred),
                                                             timer.async_wait(asio::deferred))
                .async_wait(asio::experimental::wait_for_one(), asio::use_awaitable);
        std::lock_guard lock(mutex_);
        if (waiter->served) co_return std::move(waiter->connection);
        if (waiter->pool_closed) throw unavailable(kUnavailableMessage, "db pool: closed while waiting");
        std::erase(waiters_, waiter);
        if (order[0] == 1 && !timer_ec) {
            ++timeouts_total_;
            throw unavailable(kBusyMessage, "db pool: no connection free within the acquire timeout (" +
                                                std::to_string(options_.acquire_timeout.count()) + " ms)");
        }
        // Not served and not timed out: the caller's coroutine was cancelled.
        throw boost::system::system_error(order[0] == 0 ? wake_ec : timer_ec);
    }

    asio::awaitable<std::unique_ptr<Connection>> open_connection(SteadyClock::time_point deadline) {
        const auto remaining =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
        if (remaining <= std::chrono::milliseconds::zero()) {
            std::lock_guard lock(mutex_);
            ++timeouts_total_;
            throw unavailable(kBusyMessage, "db pool: acquire timeout before a connection could be opened");
        }
        ConnectOptions connect = options_.connect;
        connect.connect_timeout = std::min(connect.connect_timeout, remaining);
        try {
            co_return co_await Connection::connect(executor_, std::move(connect));
        } catch (const AppError& e) {
            {
                std::lock_guard lock(mutex_);
                ++connect_failures_total_;
            }
            spdlog::warn("db pool: cannot open a connection: {}", e.detail());
            throw unavailable(kUnavailableMessage, e.detail());
        }
    }

    static asio::awaitable<void> roll_back_and_return(std::shared_ptr<PoolCore> self,
                                                      std::unique_ptr<Connection> connection) {
        try {
            co_await connection->query("ROLLBACK", {}, self->options_.reset_timeout);
        } catch (const std::exception& e) {
            spdlog::warn("db pool: rollback of a returned connection failed, closing it: {}", e.what());
            connection->close();
        }
        if (connection->is_broken() || connection->transaction_state() != TransactionState::Idle) {
            self->discard(std::move(connection));
        } else {
            self->return_clean(std::move(connection));
        }
    }

    void return_clean(std::unique_ptr<Connection> connection) {
        std::shared_ptr<Waiter> waiter;
        {
            std::lock_guard lock(mutex_);
            if (closed_) {
                --open_;
            } else if (!waiters_.empty()) {
                waiter = std::move(waiters_.front());
                waiters_.pop_front();
                waiter->served = true;
                waiter->connection = std::move(connection);
            } else {
                idle_.push_back(std::move(connection));
            }
        }
        if (waiter) waiter->wake.try_send(boost::system::error_code{});
        // A connection still held here belongs to a closed pool: it closes as it goes.
    }

    void discard(std::unique_ptr<Connection> connection) {
        connection->close();
        connection.reset();
        count_discarded();
        free_slot();
    }

    void count_discarded() {
        std::lock_guard lock(mutex_);
        ++discarded_total_;
    }

    // A slot's connection is gone: the first waiter may open a new one, else the slot is free.
    void free_slot() {
        std::shared_ptr<Waiter> waiter;
        {
            std::lock_guard lock(mutex_);
            if (!closed_ && !waiters_.empty()) {
                waiter = std::move(waiters_.front());
                waiters_.pop_front();
                waiter->served = true;
            } else {
                --open_;
            }
        }
        if (waiter) waiter->wake.try_send(boost::system::error_code{});
    }

    const PoolOptions options_;
    const asio::any_io_executor executor_;
    mutable std::mutex mutex_;
    std::vector<std::unique_ptr<Connection>> idle_;
    std::size_t open_ = 0;  // slots taken: idle + leased + being opened or cleaned
    std::deque<std::shared_ptr<Waiter>> waiters_;
    bool closed_ = false;
    std::uint64_t acquired_total_ = 0;
    std::uint64_t timeouts_total_ = 0;
    std::uint64_t rejected_total_ = 0;
    std::uint64_t connect_failures_total_ = 0;
    std::uint64_t discarded_total_ = 0;
};

}  // namespace detail

Lease& Lease::operator=(Lease&& other) noexcept {
    if (this != &other) {
        release();
        core_ = std::move(other.core_);
        connection_ = std::move(other.connection_);
        needs_rollback_ = std::exchange(other.needs_rollback_, false);
    }
    return *this;
}

Lease::~Lease() {
    release();
}

void Lease::release() {
    if (connection_ && core_) core_->give_back(std::move(connection_), needs_rollback_);
    connection_.reset();
    core_.reset();
    needs_rollback_ = false;
}

void Lease::discard() {
    if (connection_) connection_->close();
    release();
}

namespace {
// Share `index` of `count`: the total split as evenly as it goes, the first shares taking the rest.
std::size_t share(std::size_t total, std::size_t index, std::size_t count) {
    return total / count + (index < total % count ? 1 : 0);
}
}  // namespace

Pool::Pool(const IoShards& executors, PoolOptions options)
    : options_(std::move(options)), executors_(executors) {
    if (options_.size == 0) throw std::invalid_argument("db pool: size must be at least 1");
    const std::size_t count = std::min(executors_.size(), options_.size);
    for (std::size_t i = 0; i < count; ++i) {
        PoolOptions part = options_;
        part.size = share(options_.size, i, count);
        // 0 keeps meaning "never queue"; otherwise every share may queue at least one.
        part.max_waiting =
            options_.max_waiting == 0 ? 0 : std::max<std::size_t>(1, share(options_.max_waiting, i, count));
        cores_.push_back(std::make_shared<detail::PoolCore>(executors_[i], std::move(part)));
    }
}

Pool::Pool(asio::any_io_executor executor, PoolOptions options)
    : Pool(IoShards(executor), std::move(options)) {}

Pool::~Pool() {
    for (auto& core : cores_) core->close();
}

asio::awaitable<std::shared_ptr<detail::PoolCore>> Pool::local_core() const {
    if (cores_.size() == 1) co_return cores_.front();
    co_return cores_[executors_.index_of(co_await asio::this_coro::executor) % cores_.size()];
}

asio::awaitable<Lease> Pool::acquire() {
    if (cores_.size() == 1) return cores_.front()->acquire(cores_.front(), options_.acquire_timeout);
    return [](const Pool& pool) -> asio::awaitable<Lease> {
        auto core = co_await pool.local_core();
        if (!core->can_serve_now()) {
            // This thread's share is busy: an idle connection of another share serves sooner than
            // waiting, at the price of its round trips completing on its own thread.
            for (const auto& other : pool.cores_) {
                if (other == core) continue;
                if (auto lease = other->try_lease_idle(other)) co_return std::move(*lease);
            }
        }
        co_return co_await core->acquire(core, core->options().acquire_timeout);
    }(*this);
}

asio::awaitable<bool> Pool::ping(std::chrono::milliseconds timeout) {
    try {
        auto core = co_await local_core();
        Lease lease = co_await core->acquire(core, std::min(timeout, core->options().acquire_timeout));
        co_await lease->query("SELECT 1", {}, timeout);
        co_return true;
    } catch (const std::exception& e) {
        spdlog::debug("db pool: ping failed: {}", e.what());
        co_return false;
    }
}

PoolStats Pool::stats() const {
    PoolStats total;
    for (const auto& core : cores_) {
        const PoolStats s = core->stats();
        total.size += s.size;
        total.open += s.open;
        total.idle += s.idle;
        total.in_use += s.in_use;
        total.waiting += s.waiting;
        total.acquired_total += s.acquired_total;
        total.timeouts_total += s.timeouts_total;
        total.rejected_total += s.rejected_total;
        total.connect_failures_total += s.connect_failures_total;
        total.discarded_total += s.discarded_total;
    }
    return total;
}

}  // namespace bh::db
