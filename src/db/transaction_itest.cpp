#include <gtest/gtest.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/error.h"
#include "db/itest_support.h"
#include "db/sql_error.h"
#include "db/transaction.h"

namespace bh::db {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using asio::awaitable;
using testing::DbTest;
using testing::run;

class TransactionTest : public DbTest {
  protected:
    void SetUp() override {
        table_ = bh::testing::unique_name("tx");
        run(io, [&]() -> awaitable<void> {
            auto conn = co_await connect();
            co_await conn->execute_script("CREATE TABLE " + table_ +
                                          " (id INT PRIMARY KEY, v INT NOT NULL);" + "INSERT INTO " + table_ +
                                          " VALUES (1, 0)");
        }());
    }

    awaitable<std::int64_t> count_rows(Connection& conn) {
        const Result r = co_await conn.query("SELECT count(*) FROM " + table_);
        co_return r.one().get<std::int64_t>(0);
    }

    std::string table_;
};

TEST_F(TransactionTest, CommitPersists) {
    Pool pool(io.get_executor(), database().pool_options(2));
    run(io, [&]() -> awaitable<void> {
        {
            Lease lease = co_await pool.acquire();
            auto tx = co_await Transaction::begin(lease, Isolation::ReadCommitted);
            EXPECT_EQ(lease->transaction_state(), TransactionState::InTransaction);
            co_await tx->query("INSERT INTO " + table_ + " VALUES (2, 2)");
            co_await tx.commit();
            EXPECT_FALSE(tx.is_open());
            EXPECT_EQ(lease->transaction_state(), TransactionState::Idle);
        }
        Lease other = co_await pool.acquire();
        EXPECT_EQ(co_await count_rows(*other), 2);
    }());
}

TEST_F(TransactionTest, DestroyedWithoutCommitRollsBackBeforeReuse) {
    Pool pool(io.get_executor(), database().pool_options(1));
    run(io, [&]() -> awaitable<void> {
        int pid = 0;
        {
            Lease lease = co_await pool.acquire();
            pid = lease->backend_pid();
            auto tx = co_await Transaction::begin(lease);
            co_await tx->query("INSERT INTO " + table_ + " VALUES (3, 3)");
            co_await tx->query("UPDATE " + table_ + " SET v = 99 WHERE id = 1");  // holds the row lock
            // tx and lease go out of scope here, as they would when an exception unwinds
        }
        // The row lock is gone at once: another session can update the row without waiting.
        auto outsider = co_await connect();
        co_await outsider->query("SET lock_timeout = '1s'");
        co_await outsider->query("UPDATE " + table_ + " SET v = 1 WHERE id = 1");
        Lease lease = co_await pool.acquire();
        EXPECT_EQ(lease->backend_pid(), pid);  // the same connection, cleaned, not a new one
        EXPECT_EQ(lease->transaction_state(), TransactionState::Idle);
        EXPECT_EQ(co_await count_rows(*lease), 1);
    }());
}

TEST_F(TransactionTest, FailedStatementInsideMeansCommitThrows) {
    Pool pool(io.get_executor(), database().pool_options(1));
    run(io, [&]() -> awaitable<void> {
        Lease lease = co_await pool.acquire();
        auto tx = co_await Transaction::begin(lease);
        co_await tx->query("INSERT INTO " + table_ + " VALUES (4, 4)");
        try {
            co_await tx->query("INSERT INTO " + table_ + " VALUES (4, 4)");
        } catch (const DbError& e) {
            EXPECT_TRUE(e.is_unique_violation());
        }
        EXPECT_EQ(lease->transaction_state(), TransactionState::InError);
        EXPECT_THROW(co_await tx.commit(), AppError);  // not a silent ROLLBACK reported as success
        EXPECT_EQ(lease->transaction_state(), TransactionState::Idle);
        EXPECT_EQ(co_await count_rows(*lease), 1);
    }());
}

TEST_F(TransactionTest, WithTransactionCommitsAndReturnsTheResult) {
    Pool pool(io.get_executor(), database().pool_options(2));
    const int value =
        run(io, with_transaction(pool, Isolation::Serializable, [&](Transaction& tx) -> awaitable<int> {
                const Result r =
                    co_await tx->query("UPDATE " + table_ + " SET v = v + 5 WHERE id = 1 RETURNING v");
                co_return r.one().get<std::int32_t>(0);
            }));
    EXPECT_EQ(value, 5);
}

TEST_F(TransactionTest, WithTransactionRollsBackOnException) {
    Pool pool(io.get_executor(), database().pool_options(1));
    EXPECT_THROW(run(io, with_transaction(pool, Isolation::ReadCommitted,
                                          [&](Transaction& tx) -> awaitable<void> {
                                              co_await tx->query("INSERT INTO " + table_ + " VALUES (5, 5)");
                                              throw conflict("budget exceeded");
                                          })),
                 AppError);
    run(io, [&]() -> awaitable<void> {
        Lease lease = co_await pool.acquire();
        EXPECT_EQ(co_await count_rows(*lease), 1);
    }());
}

TEST_F(TransactionTest, SerializationFailureIsRetried) {
    Pool pool(io.get_executor(), database().pool_options(2));
    int attempts = 0;
    run(io, [&]() -> awaitable<void> {
        auto outsider = co_await connect();
        co_await with_transaction(pool, Isolation::RepeatableRead, [&](Transaction& tx) -> awaitable<void> {
            ++attempts;
            co_await tx->query("SELECT v FROM " + table_ + " WHERE id = 1");  // takes the snapshot
            if (attempts == 1) {
                // A concurrent writer commits after our snapshot: our update must fail with 40001.
                co_await outsider->query("UPDATE " + table_ + " SET v = v + 1 WHERE id = 1");
            }
            co_await tx->query("UPDATE " + table_ + " SET v = v + 10 WHERE id = 1");
        });
        const Result r = co_await outsider->query("SELECT v FROM " + table_ + " WHERE id = 1");
        EXPECT_EQ(r.one().get<std::int32_t>(0), 11);
    }());
    EXPECT_EQ(attempts, 2);
}

TEST_F(TransactionTest, RetriesAreBounded) {
    Pool pool(io.get_executor(), database().pool_options(2));
    int attempts = 0;
    try {
        run(io, [&]() -> awaitable<void> {
            auto outsider = co_await connect();
            co_await with_transaction(
                pool, Isolation::RepeatableRead,
                [&](Transaction& tx) -> awaitable<void> {
                    ++attempts;
                    co_await tx->query("SELECT v FROM " + table_ + " WHERE id = 1");
                    co_await outsider->query("UPDATE " + table_ + " SET v = v + 1 WHERE id = 1");
                    co_await tx->query("UPDATE " + table_ + " SET v = v + 10 WHERE id = 1");
                },
                RetryPolicy{3, 1ms});
        }());
        FAIL() << "expected DbError";
    } catch (const DbError& e) {
        EXPECT_EQ(e.sqlstate(), "40001");
        EXPECT_TRUE(e.retryable());
        EXPECT_EQ(e.kind(), ErrorKind::Conflict);
    }
    EXPECT_EQ(attempts, 3);
}

}  // namespace
}  // namespace bh::db
