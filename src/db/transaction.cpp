#include "db/transaction.h"

#include <spdlog/spdlog.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <random>

#include "core/error.h"
#include "db/sql_error.h"

namespace bh::db {

namespace asio = boost::asio;

const char* begin_statement(Isolation isolation) {
    switch (isolation) {
        case Isolation::RepeatableRead:
            return "BEGIN ISOLATION LEVEL REPEATABLE READ";
        case Isolation::Serializable:
            return "BEGIN ISOLATION LEVEL SERIALIZABLE";
        case Isolation::ReadCommitted:
            break;
    }
    return "BEGIN ISOLATION LEVEL READ COMMITTED";
}

asio::awaitable<Transaction> Transaction::begin(Lease& lease, Isolation isolation) {
    if (!lease) throw internal("db: Transaction::begin on an empty lease");
    if (lease->transaction_state() != TransactionState::Idle) {
        throw internal("db: Transaction::begin on a connection already inside a transaction");
    }
    co_await lease->query(begin_statement(isolation));
    co_return Transaction(lease);
}

Transaction::Transaction(Transaction&& other) noexcept
    : lease_(other.lease_), open_(std::exchange(other.open_, false)) {}

Transaction::~Transaction() {
    if (open_ && lease_ != nullptr) lease_->mark_needs_rollback();
}

asio::awaitable<void> Transaction::commit() {
    if (!open_) throw internal("db: commit of a transaction that is already over");
    open_ = false;
    if (connection().transaction_state() == TransactionState::InError) {
        // The server would answer COMMIT with a silent ROLLBACK; say it loudly instead.
        co_await connection().query("ROLLBACK");
        throw internal("db: commit of a transaction in which a statement had failed");
    }
    co_await connection().query("COMMIT");
}

asio::awaitable<void> Transaction::rollback() {
    if (!open_) co_return;
    open_ = false;
    co_await connection().query("ROLLBACK");
}

namespace detail {

namespace {
std::chrono::milliseconds backoff(const RetryPolicy& policy, int attempt) {
    thread_local std::minstd_rand random{std::random_device{}()};
    const auto base = policy.base_backoff.count() * attempt;
    std::uniform_int_distribution<std::int64_t> jitter(base / 2, base + base / 2);
    return std::chrono::milliseconds{jitter(random)};
}
}  // namespace

asio::awaitable<void> run_transaction(Pool& pool, Isolation isolation,
                                      std::function<asio::awaitable<void>(Transaction&)> work,
                                      RetryPolicy policy) {
    for (int attempt = 1;; ++attempt) {
        try {
            Lease lease = co_await pool.acquire();
            Transaction tx = co_await Transaction::begin(lease, isolation);
            co_await work(tx);
            co_await tx.commit();
            co_return;
        } catch (const DbError& e) {
            if (!e.retryable() || attempt >= policy.max_attempts) throw;
            spdlog::debug("db: transaction attempt {} hit {} ({}); retrying", attempt, e.sqlstate(),
                          e.server_message());
        }
        // Concurrent transactions that collided once would likely collide again at once.
        asio::steady_timer pause(co_await asio::this_coro::executor, backoff(policy, attempt));
        co_await pause.async_wait(asio::use_awaitable);
    }
}

}  // namespace detail

}  // namespace bh::db
