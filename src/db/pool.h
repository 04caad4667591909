#pragma once
// A bounded pool of connections to one database, safe to use from every thread.
//
//   db::Pool pool(executor, options);
//   auto lease = co_await pool.acquire();        // AppError Unavailable when none frees up in time
//   auto result = co_await lease->execute(kFindUser, db::Params{id});
//   // the lease returns the connection when it goes out of scope
//
// Connections open lazily, up to `size`; a connection found broken is dropped and a new one opened
// on the next demand, so the pool recovers by itself after a database restart. A connection returned
// inside a transaction is rolled back before anyone else gets it; one returned broken, or in the
// middle of a command, is closed.
//
// Given several I/O threads (IoShards, one io_context each), the pool keeps a share of `size` on each
// and acquire() leases from the caller's own thread's share: the connection's socket waits complete on
// the thread the request runs on, with no wake-up of another thread per round trip. When that share has
// nothing free and no room, an idle connection of another share is taken before waiting.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/io_shards.h"
#include "db/connect_options.h"
#include "db/connection.h"

namespace bh::db {

struct PoolOptions {
    ConnectOptions connect;
    std::size_t size = 8;  // connections at most (all shares together)
    // Coroutines allowed to queue for a connection (all shares together); one more is refused at once
    // (Unavailable).
    std::size_t max_waiting = 1000;
    // How long acquire() waits for a connection (queueing plus connecting).
    std::chrono::milliseconds acquire_timeout{5000};
    // Deadline of the ROLLBACK that cleans a connection returned inside a transaction.
    std::chrono::milliseconds reset_timeout{5000};
};

struct PoolStats {
    std::size_t size = 0;     // configured maximum
    std::size_t open = 0;     // connections open or being opened
    std::size_t idle = 0;     // open and free
    std::size_t in_use = 0;   // leased, being opened or being cleaned
    std::size_t waiting = 0;  // coroutines queued in acquire()
    std::uint64_t acquired_total = 0;
    std::uint64_t timeouts_total = 0;  // acquire() gave up waiting
    std::uint64_t rejected_total = 0;  // refused at once: max_waiting reached
    std::uint64_t connect_failures_total = 0;
    std::uint64_t discarded_total = 0;  // closed because broken, dirty beyond repair or dead
};

namespace detail {
class PoolCore;
}

// Exclusive use of one pooled connection. Move-only; returns the connection on destruction.
class Lease {
  public:
    Lease() = default;
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&& other) noexcept;
    ~Lease();

    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }
    Connection& connection() const { return *connection_; }
    explicit operator bool() const { return connection_ != nullptr; }

    // Hands the connection back now (what the destructor does).
    void release();
    // Closes the connection instead of returning it (it holds session state nobody else should see).
    void discard();
    // A Transaction left without commit or rollback: the pool rolls back before reuse.
    void mark_needs_rollback() { needs_rollback_ = true; }

  private:
    friend class detail::PoolCore;
    Lease(std::shared_ptr<detail::PoolCore> core, std::unique_ptr<Connection> connection)
        : core_(std::move(core)), connection_(std::move(connection)) {}

    std::shared_ptr<detail::PoolCore> core_;
    std::unique_ptr<Connection> connection_;
    bool needs_rollback_ = false;
};

class Pool {
  public:
    // One share per executor, at most `size` of them; a share's connections are created on its
    // executor.
    Pool(const IoShards& executors, PoolOptions options);
    Pool(boost::asio::any_io_executor executor, PoolOptions options);
    // Closes idle connections and fails waiters; leased connections close when they come back.
    ~Pool();
    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;

    boost::asio::awaitable<Lease> acquire();
    // True when a connection can be had and answers SELECT 1 within `timeout` (readiness probe).
    boost::asio::awaitable<bool> ping(std::chrono::milliseconds timeout = std::chrono::milliseconds{2000});
    // The shares added up.
    PoolStats stats() const;
    const PoolOptions& options() const { return options_; }
    std::size_t shares() const { return cores_.size(); }

  private:
    boost::asio::awaitable<std::shared_ptr<detail::PoolCore>> local_core() const;

    PoolOptions options_;
    IoShards executors_;
    std::vector<std::shared_ptr<detail::PoolCore>> cores_;  // cores_[i] on executors_[i]
};

}  // namespace bh::db
