#pragma once
// RAII transactions. A Transaction that is destroyed without commit() or rollback() marks its lease,
// and the pool rolls the connection back before anyone reuses it: an exception between begin and
// commit can never leak an open transaction.
//
//   auto lease = co_await pool.acquire();
//   auto tx = co_await db::Transaction::begin(lease, db::Isolation::RepeatableRead);
//   co_await tx->execute(kDebit, db::Params{amount, budget_id});
//   co_await tx.commit();
//
// with_transaction() runs a whole unit of work and runs it again (a bounded number of times) when
// the server aborts it with a serialization failure or a deadlock (40001, 40P01). The function may
// therefore run more than once: no side effects outside the database inside it.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <type_traits>

#include "db/connection.h"
#include "db/pool.h"

namespace bh::db {

enum class Isolation { ReadCommitted, RepeatableRead, Serializable };

const char* begin_statement(Isolation isolation);  // "BEGIN ISOLATION LEVEL ..."

class Transaction {
  public:
    // The lease must outlive the Transaction.
    static boost::asio::awaitable<Transaction> begin(Lease& lease,
                                                     Isolation isolation = Isolation::ReadCommitted);

    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    ~Transaction();

    Connection& connection() const { return lease_->connection(); }
    Connection* operator->() const { return &connection(); }

    // Throws DbError when the server refuses (a deferred constraint, a serialization failure at
    // commit): the transaction is over either way.
    boost::asio::awaitable<void> commit();
    boost::asio::awaitable<void> rollback();
    bool is_open() const { return open_; }

  private:
    explicit Transaction(Lease& lease) : lease_(&lease) {}
    Lease* lease_;
    bool open_ = true;
};

struct RetryPolicy {
    int max_attempts = 3;                       // including the first
    std::chrono::milliseconds base_backoff{5};  // attempt n waits about n * base (with jitter)
};

namespace detail {
boost::asio::awaitable<void> run_transaction(Pool& pool, Isolation isolation,
                                             std::function<boost::asio::awaitable<void>(Transaction&)> work,
                                             RetryPolicy policy);
}

// Acquires a connection, begins, runs `work(tx)`, commits; retries on 40001/40P01. Returns what
// work returns. `work` is callable as `awaitable<R>(Transaction&)`.
template <class Work>
auto with_transaction(Pool& pool, Isolation isolation, Work work, RetryPolicy policy = {})
    -> boost::asio::awaitable<typename std::invoke_result_t<Work&, Transaction&>::value_type> {
    using R = typename std::invoke_result_t<Work&, Transaction&>::value_type;
    if constexpr (std::is_void_v<R>) {
        co_await detail::run_transaction(
            pool, isolation, [&work](Transaction& tx) -> boost::asio::awaitable<void> { co_await work(tx); },
            policy);
    } else {
        std::optional<R> result;
        co_await detail::run_transaction(
            pool, isolation,
            [&work, &result](Transaction& tx) -> boost::asio::awaitable<void> { result = co_await work(tx); },
            policy);
        co_return std::move(*result);
    }
}

}  // namespace bh::db
