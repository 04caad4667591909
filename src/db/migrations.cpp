#include "db/migrations.h"

#include <spdlog/spdlog.h>

#include <exception>

#include "db/connection.h"
#include "db/sql_error.h"

namespace bh::db {

namespace asio = boost::asio;

namespace {

constexpr const char* kCreateTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    BIGINT PRIMARY KEY,
    name       TEXT NOT NULL,
    checksum   TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
))sql";

asio::awaitable<std::vector<AppliedMigration>> read_applied(Connection& connection) {
    const Result rows =
        co_await connection.query("SELECT version, name, checksum FROM schema_migrations ORDER BY version");
    std::vector<AppliedMigration> applied;
    for (const Row row : rows) {
        applied.push_back({row.get<std::int64_t>(0), row.get<std::string>(1), row.get<std::string>(2)});
    }
    co_return applied;
}

asio::awaitable<void> apply_one(Connection& connection, const Migration& migration,
                                std::chrono::milliseconds timeout) {
    std::string failure;
    try {
        co_await connection.query("BEGIN", {}, timeout);
        co_await connection.execute_script(migration.sql, timeout);
        const Params record{migration.version, migration.name, migration_checksum(migration.sql)};
        co_await connection.query(
            "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", record, timeout);
        co_await connection.query("COMMIT", {}, timeout);
    } catch (const AppError& e) {
        // The connection is closed by the caller, which rolls back whatever this migration did.
        failure = e.detail().empty() ? e.public_message() : e.detail();
    }
    if (!failure.empty())
        throw MigrationError("migration " + std::string(migration.name) + " failed: " + failure);
}

// Everything happens on one connection that the caller throws away afterwards: closing it releases
// the advisory lock and rolls back a failed migration even if we could not say so ourselves.
asio::awaitable<MigrateReport> migrate_on(Connection& connection, std::string_view service,
                                          std::span<const Migration> migrations,
                                          const MigrateOptions& options) {
    validate_migrations(migrations);
    const Params timeout_setting{std::to_string(options.statement_timeout.count())};
    co_await connection.query("SELECT set_config('statement_timeout', $1, false)", timeout_setting);
    const Params key{migration_lock_key(service)};
    co_await connection.query("SELECT pg_advisory_lock($1)", key, options.lock_timeout);

    co_await connection.execute_script(kCreateTable);
    const auto applied = co_await read_applied(connection);
    const auto pending = plan_migrations(migrations, applied);
    MigrateReport report;
    report.already_applied = applied.size();
    for (const Migration& migration : pending) {
        spdlog::info("db: {}: applying migration {}", service, migration.name);
        co_await apply_one(connection, migration, options.statement_timeout);
        report.applied.emplace_back(migration.name);
    }
    co_await connection.query("SELECT pg_advisory_unlock($1)", key);
    if (pending.empty()) {
        spdlog::info("db: {}: schema up to date ({} migrations)", service, applied.size());
    }
    co_return report;
}

}  // namespace

asio::awaitable<MigrateReport> migrate(Pool& pool, std::string_view service,
                                       std::span<const Migration> migrations, MigrateOptions options) {
    Lease lease = co_await pool.acquire();
    std::exception_ptr failure;
    MigrateReport report;
    try {
        report = co_await migrate_on(*lease, service, migrations, options);
    } catch (...) {
        failure = std::current_exception();
    }
    lease.discard();
    if (failure) std::rethrow_exception(failure);
    co_return report;
}

asio::awaitable<MigrateReport> migrate(asio::any_io_executor executor, ConnectOptions database,
                                       std::string_view service, std::span<const Migration> migrations,
                                       MigrateOptions options) {
    database.statement_timeout = options.statement_timeout;
    auto connection = co_await Connection::connect(std::move(executor), std::move(database));
    co_return co_await migrate_on(*connection, service, migrations, options);
}

}  // namespace bh::db
