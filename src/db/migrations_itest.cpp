#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/itest_support.h"
#include "db/migrations.h"
#include "migrations/dbtest.h"

namespace bh::db {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using asio::awaitable;
using ::testing::HasSubstr;
using testing::run;
using testing::run_both;
using testing::ScratchDatabase;

class MigrationsTest : public ::testing::Test {
  protected:
    asio::io_context io;
    ScratchDatabase database;  // a fresh one per test: migrations change the whole schema
};

awaitable<std::vector<AppliedMigration>> recorded(Pool& pool) {
    Lease lease = co_await pool.acquire();
    const Result rows =
        co_await lease->query("SELECT version, name, checksum FROM schema_migrations ORDER BY version");
    std::vector<AppliedMigration> out;
    for (const Row row : rows)
        out.push_back({row.get<std::int64_t>(0), row.get<std::string>(1), row.get<std::string>(2)});
    co_return out;
}

TEST_F(MigrationsTest, AppliesEachMigrationOnceAndRecordsItsChecksum) {
    Pool pool(io.get_executor(), database.pool_options(2));
    const auto embedded = migrations::dbtest();
    const MigrateReport first = run(io, migrate(pool, "dbtest", embedded));
    EXPECT_EQ(first.applied, (std::vector<std::string>{"0001_init.sql", "0002_add_note.sql"}));
    EXPECT_EQ(first.already_applied, 0u);
    const MigrateReport second = run(io, migrate(pool, "dbtest", embedded));
    EXPECT_TRUE(second.applied.empty());
    EXPECT_EQ(second.already_applied, 2u);

    const auto rows = run(io, recorded(pool));
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].name, "0001_init.sql");
    EXPECT_EQ(rows[0].checksum, migration_checksum(embedded[0].sql));
    EXPECT_EQ(rows[1].version, 2);
    // The schema is there and usable.
    run(io, [&]() -> awaitable<void> {
        Lease lease = co_await pool.acquire();
        const Params params{Uuid::v7(), "bolt", Money::from_cents(199), "a note"};
        co_await lease->query("INSERT INTO widgets (id, name, price, note) VALUES ($1, $2, $3, $4)", params);
    }());
    EXPECT_EQ(pool.stats().in_use, 0u);
}

TEST_F(MigrationsTest, ConcurrentMigrationsFromTwoPoolsApplyOnce) {
    // Slow enough that both instances are inside migrate() at the same time.
    const std::vector<Migration> slow = {
        {1, "0001_slow.sql", "SELECT pg_sleep(0.3); CREATE TABLE slow_t (id INT);"},
        {2, "0002_more.sql", "ALTER TABLE slow_t ADD COLUMN v INT;"},
    };
    Pool first(io.get_executor(), database.pool_options(1));
    Pool second(io.get_executor(), database.pool_options(1));
    const auto [a, b] = run_both(io, migrate(first, "dbtest", slow), migrate(second, "dbtest", slow));
    EXPECT_EQ(a.applied.size() + b.applied.size(), 2u);
    EXPECT_TRUE(a.applied.empty() || b.applied.empty());
    EXPECT_EQ(run(io, recorded(first)).size(), 2u);
}

TEST_F(MigrationsTest, EditedAppliedMigrationIsRefusedNamingTheFile) {
    Pool pool(io.get_executor(), database.pool_options(1));
    const auto embedded = migrations::dbtest();
    run(io, migrate(pool, "dbtest", embedded));
    const std::vector<Migration> edited = {
        {1, "0001_init.sql", "CREATE TABLE widgets (id UUID PRIMARY KEY);"},
        embedded[1],
    };
    try {
        run(io, migrate(pool, "dbtest", edited));
        FAIL() << "expected MigrationError";
    } catch (const MigrationError& e) {
        EXPECT_THAT(e.what(), HasSubstr("0001_init.sql"));
    }
}

TEST_F(MigrationsTest, DatabaseAheadOfTheBinaryIsRefused) {
    Pool pool(io.get_executor(), database.pool_options(1));
    const auto embedded = migrations::dbtest();
    run(io, migrate(pool, "dbtest", embedded));
    try {
        run(io, migrate(pool, "dbtest", embedded.first(1)));
        FAIL() << "expected MigrationError";
    } catch (const MigrationError& e) {
        EXPECT_THAT(e.what(), HasSubstr("0002_add_note.sql"));
    }
}

TEST_F(MigrationsTest, FailedMigrationLeavesNothingBehind) {
    const std::vector<Migration> broken = {
        {1, "0001_ok.sql", "CREATE TABLE ok_t (id INT);"},
        {2, "0002_broken.sql", "CREATE TABLE half_t (id INT); SELECT * FROM missing_t;"},
    };
    Pool pool(io.get_executor(), database.pool_options(1));
    try {
        run(io, migrate(pool, "dbtest", broken));
        FAIL() << "expected MigrationError";
    } catch (const MigrationError& e) {
        EXPECT_THAT(e.what(), HasSubstr("0002_broken.sql"));
    }
    const auto rows = run(io, recorded(pool));
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].name, "0001_ok.sql");
    run(io, [&]() -> awaitable<void> {
        Lease lease = co_await pool.acquire();
        const Result half = co_await lease->query("SELECT to_regclass('half_t') IS NULL");
        EXPECT_TRUE(half.one().get<bool>(0));
    }());
    // Fixed file: the next start applies it.
    const std::vector<Migration> fixed = {broken[0], {2, "0002_broken.sql", "CREATE TABLE half_t (id INT);"}};
    EXPECT_EQ(run(io, migrate(pool, "dbtest", fixed)).applied.size(), 1u);
}

TEST_F(MigrationsTest, MigrateOnItsOwnConnection) {
    const MigrateReport report =
        run(io, migrate(io.get_executor(), database.options(), "dbtest", migrations::dbtest()));
    EXPECT_EQ(report.applied.size(), 2u);
}

TEST(EnsureDatabase, IsIdempotentAndSafeWhenRacing) {
    asio::io_context io;
    const std::string name = bh::testing::unique_name("bh_db_itest_ensure");
    const ConnectOptions server = testing::server_options();
    EXPECT_TRUE(run(io, ensure_database(io.get_executor(), server, name)));
    EXPECT_FALSE(run(io, ensure_database(io.get_executor(), server, name)));
    run(io, drop_database(io.get_executor(), server, name));

    // Two processes starting at once: exactly one creates it, neither fails.
    const auto [a, b] = run_both(io, ensure_database(io.get_executor(), server, name),
                                 ensure_database(io.get_executor(), server, name));
    EXPECT_NE(a, b);
    run(io, drop_database(io.get_executor(), server, name));
}

}  // namespace
}  // namespace bh::db
