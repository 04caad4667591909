#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/error.h"
#include "db/itest_support.h"
#include "db/sql_error.h"

namespace bh::db {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using asio::awaitable;
using testing::DbTest;
using testing::run;

class ConnectionTest : public DbTest {};

TEST_F(ConnectionTest, QueriesWithTextParamsAndTypedResults) {
    run(io, [&]() -> awaitable<void> {
        auto conn = co_await connect();
        const auto id = Uuid::v7();
        const Params params{std::int64_t{41}, "text with 'quotes'", true, id, std::optional<std::string>{}};
        const Result r = co_await conn->query(
            "SELECT $1::bigint + 1 AS n, $2::text AS t, $3::boolean AS b, $4::uuid AS id, $5::text AS "
            "missing",
            params);
        const Row row = r.one();
        EXPECT_EQ(row.get<std::int64_t>("n"), 42);
        EXPECT_EQ(row.get<std::string>("t"), "text with 'quotes'");
        EXPECT_TRUE(row.get<bool>("b"));
        EXPECT_EQ(row.get<Uuid>("id"), id);
        EXPECT_EQ(row.get<std::optional<std::string>>("missing"), std::nullopt);
        EXPECT_THROW(row.get<std::string>("missing"), AppError);
        EXPECT_EQ(conn->transaction_state(), TransactionState::Idle);
    }());
}

TEST_F(ConnectionTest, PreparesANamedStatementOncePerConnection) {
    static constexpr Statement kAdd{"dbitest.add", "SELECT $1::int + $2::int AS sum"};
    static constexpr Statement kClash{"dbitest.add", "SELECT 1"};
    run(io, [&]() -> awaitable<void> {
        auto conn = co_await connect();
        EXPECT_FALSE(conn->is_prepared(kAdd.name));
        for (int i = 0; i < 3; ++i) {
            const Params params{i, 10};
            const Result r = co_await conn->execute(kAdd, params);
            EXPECT_EQ(r.one().get<std::int32_t>("sum"), i + 10);
        }
        EXPECT_TRUE(conn->is_prepared(kAdd.name));
        const Result prepared = co_await conn->query(
            "SELECT count(*) FROM pg_prepared_statements WHERE name = $1", Params{std::string(kAdd.name)});
        EXPECT_EQ(prepared.one().get<std::int64_t>(0), 1);
        // One name, one SQL text: reusing a name for other SQL is a programming error.
        EXPECT_THROW(co_await conn->execute(kClash), AppError);
    }());
}

TEST_F(ConnectionTest, BadStatementIsNotRemembered) {
    static constexpr Statement kBroken{"dbitest.broken", "SELECT * FROM no_such_table"};
    run(io, [&]() -> awaitable<void> {
        auto conn = co_await connect();
        try {
            co_await conn->execute(kBroken);
            ADD_FAILURE() << "expected DbError";
        } catch (const DbError& e) {
            EXPECT_EQ(e.sqlstate(), "42P01");
            EXPECT_EQ(e.kind(), ErrorKind::Internal);
        }
        EXPECT_FALSE(conn->is_prepared(kBroken.name));
        EXPECT_FALSE(conn->is_broken());
        const Result ok = co_await conn->query("SELECT 1");
        EXPECT_EQ(ok.one().get<std::int32_t>(0), 1);
    }());
}

TEST_F(ConnectionTest, MoneyRoundTripsExactlyThroughNumeric) {
    run(io, [&]() -> awaitable<void> {
        auto conn = co_await connect();
        co_await conn->execute_script(
            "CREATE TABLE money_rt (k INT PRIMARY KEY, amount NUMERIC(19,2) NOT NULL)");
        const std::vector<Money> amounts = {Money::from_cents(0),
                                            Money::from_cents(1),
                                            Money::from_cents(-5),
                                            Money::from_cents(1230),
                                            Money::from_cents(-999999),
                                            Money::from_cents(Money::kMaxCents),
                                            Money::from_cents(-Money::kMaxCents)};
        for (std::size_t i = 0; i < amounts.size(); ++i) {
            const Params params{static_cast<int>(i), amounts[i]};
            const Result inserted = co_await conn->query("INSERT INTO money_rt VALUES ($1, $2)", params);
            EXPECT_EQ(inserted.affected_rows(), 1);
        }
        const Result rows = co_await conn->query("SELECT amount FROM money_rt ORDER BY k");
        EXPECT_EQ(rows.size(), amounts.size());
        for (std::size_t i = 0; i < amounts.size() && i < rows.size(); ++i)
            EXPECT_EQ(rows[i].get<Money>(0), amounts[i]) << i;
        // 0.1 + 0.2 in NUMERIC is exactly 0.30.
        const Params tenths{Money::from_cents(10), Money::from_cents(20)};
        const Result sum =
            co_await conn->query("SELECT ($1::numeric(19,2) + $2::numeric(19,2))::numeric(19,2)", tenths);
        EXPECT_EQ(sum.one().get<Money>(0), Money::from_cents(30));
        const Result updated = co_await conn->query("UPDATE money_rt SET amount = amount WHERE k < 3");
        EXPECT_EQ(updated.affected_rows(), 3);
    }());
}

TEST_F(ConnectionTest, TimestampsAndDatesRoundTrip) {
    run(io, [&]() -> awaitable<void> {
        auto conn = co_await connect();
        const auto now = std::chrono::floor<std::chrono::microseconds>(std::chrono::system_clock::now());
        const std::chrono::year_month_day day = std::chrono::year{2024} / 2 / 29;
        const Params params{now, day};
        const Result r = co_await conn->query(
            "SELECT $1::timestamptz AS at, $2::date AS day, now() AS server_now", params);
        const Row row = r.one();
        EXPECT_EQ(row.get<std::chrono::system_clock::time_point>("at"), now);
        EXPECT_EQ(row.get<std::chrono::year_month_day>("day"), day);
        const auto server_now = row.get<std::chrono::system_clock::time_point>("server_now");
        EXPECT_LT(std::chrono::abs(server_now - std::chrono::system_clock::now()), std::chrono::minutes{1});
    }());
}

TEST_F(ConnectionTest, UniqueViolationIsConflictNamingTheConstraint) {
    run(io, [&]() -> awaitable<void> {
        auto conn = co_await connect();
        co_await conn->execute_script(
            "CREATE TABLE accounts (id INT PRIMARY KEY, email TEXT NOT NULL CONSTRAINT accounts_email_key "
            "UNIQUE);"
            "CREATE TABLE sessions (id INT PRIMARY KEY, account INT NOT NULL REFERENCES accounts(id));");
        co_await conn->query("INSERT INTO accounts VALUES (1, 'ana@example.com')");
        try {
            co_await conn->query("INSERT INTO accounts VALUES (2, $1)", Params{"ana@example.com"});
            ADD_FAILURE() << "expected DbError";
        } catch (const DbError& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Conflict);
            EXPECT_TRUE(e.is_unique_violation());
            EXPECT_EQ(e.constraint(), "accounts_email_key");
            EXPECT_EQ(e.table(), "accounts");
            EXPECT_EQ(e.detail().find("ana@example.com"), std::string::npos);
        }
        try {
            co_await conn->query("INSERT INTO sessions VALUES (1, 99)");
            ADD_FAILURE() << "expected DbError";
        } catch (const DbError& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Conflict);
            EXPECT_TRUE(e.is_foreign_key_violation());
            EXPECT_EQ(e.constraint(), "sessions_account_fkey");
        }
        EXPECT_FALSE(conn->is_broken());
    }());
}

TEST_F(ConnectionTest, ServerStatementTimeoutIsTimeoutAndKeepsTheConnection) {
    run(io, [&]() -> awaitable<void> {
        ConnectOptions options = database().options();
        options.statement_timeout = 200ms;
        auto conn = co_await Connection::connect(io.get_executor(), options);
        const auto started = std::chrono::steady_clock::now();
        try {
            co_await conn->query("SELECT pg_sleep(5)");
            ADD_FAILURE() << "expected a timeout";
        } catch (const DbError& e) {
            EXPECT_EQ(e.sqlstate(), "57014");
            EXPECT_EQ(e.kind(), ErrorKind::Timeout);
        }
        EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
        EXPECT_FALSE(conn->is_broken());
        const Result ok = co_await conn->query("SELECT 2");
        EXPECT_EQ(ok.one().get<std::int32_t>(0), 2);
    }());
}

TEST_F(ConnectionTest, ClientDeadlineClosesTheConnectionAndTheServerStops) {
    run(io, [&]() -> awaitable<void> {
        ConnectOptions options = database().options();
        options.statement_timeout = 0ms;  // only the client deadline is left
        auto conn = co_await Connection::connect(io.get_executor(), options);
        const int pid = conn->backend_pid();
        const auto started = std::chrono::steady_clock::now();
        try {
            co_await conn->query("SELECT pg_sleep(30)", {}, 300ms);
            ADD_FAILURE() << "expected a timeout";
        } catch (const AppError& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Timeout);
        }
        EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
        EXPECT_TRUE(conn->is_broken());
        EXPECT_THROW(co_await conn->query("SELECT 1"), DbError);
        // The abandoned statement does not run on for 30 s: the server notices the closed socket
        // (client_connection_check_interval) and ends the backend.
        auto observer = co_await connect();
        bool gone = false;
        for (int i = 0; i < 50 && !gone; ++i) {
            const Result r =
                co_await observer->query("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", Params{pid});
            gone = r.one().get<std::int64_t>(0) == 0;
            asio::steady_timer pause(io, 100ms);
            co_await pause.async_wait(asio::use_awaitable);
        }
        EXPECT_TRUE(gone) << "backend " << pid << " still running";
    }());
}

TEST_F(ConnectionTest, ScriptRunsSeveralStatementsAndStopsAtTheFirstError) {
    run(io, [&]() -> awaitable<void> {
        auto conn = co_await connect();
        const Result last = co_await conn->execute_script(
            "CREATE TABLE script_t (v INT); INSERT INTO script_t VALUES (1), (2); SELECT sum(v) AS s FROM "
            "script_t");
        EXPECT_EQ(last.one().get<std::int64_t>("s"), 3);
        EXPECT_THROW(co_await conn->execute_script(
                         "INSERT INTO script_t VALUES (3); SELECT nope; INSERT INTO script_t VALUES (4)"),
                     DbError);
        // A multi-statement script is one implicit transaction: nothing of it stayed.
        const Result count = co_await conn->query("SELECT count(*) FROM script_t");
        EXPECT_EQ(count.one().get<std::int64_t>(0), 2);
    }());
}

TEST_F(ConnectionTest, ValueTooLongIsBadRequest) {
    run(io, [&]() -> awaitable<void> {
        auto conn = co_await connect();
        try {
            co_await conn->query("SELECT $1::numeric(3,2)", Params{"123.45"});
            ADD_FAILURE() << "expected DbError";
        } catch (const DbError& e) {
            EXPECT_EQ(e.kind(), ErrorKind::BadRequest);
            EXPECT_EQ(e.sqlstate().substr(0, 2), "22");
        }
    }());
}

TEST_F(ConnectionTest, MissingDatabaseIsUnavailable) {
    ConnectOptions options = database().options();
    options.database = "bh_db_itest_does_not_exist";
    try {
        run(io, Connection::connect(io.get_executor(), options));
        FAIL() << "expected DbError";
    } catch (const DbError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Unavailable);
        EXPECT_THAT(e.detail(), ::testing::HasSubstr("does not exist"));
    }
}

}  // namespace
}  // namespace bh::db
