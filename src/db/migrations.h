#pragma once
// Applies a service's embedded migrations (see migration.h and cmake/Migrations.cmake):
//
//   co_await db::ensure_database(executor, server_options, "budgethub_budget");
//   auto report = co_await db::migrate(pool, "budget", bh::migrations::budget());
//
// Under a PostgreSQL advisory lock keyed on the service, so two instances starting together apply
// each migration once. Each pending migration runs in its own transaction together with its row in
// schema_migrations(version, name, checksum, applied_at). Throws MigrationError when the database
// and the binary disagree (an applied file was edited, the database is ahead of the binary) or a
// migration fails; the caller should refuse to start.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "db/admin.h"
#include "db/connect_options.h"
#include "db/migration.h"
#include "db/pool.h"

namespace bh::db {

struct MigrateOptions {
    // How long to wait for another instance that is migrating the same service.
    std::chrono::milliseconds lock_timeout{std::chrono::minutes{2}};
    // statement_timeout while migrating: DDL on big tables takes longer than a request may.
    std::chrono::milliseconds statement_timeout{std::chrono::minutes{10}};
};

struct MigrateReport {
    std::vector<std::string> applied;  // file names applied by this call, in order
    std::size_t already_applied = 0;
};

// Uses one connection of the pool and closes it afterwards (it held the lock and session settings).
boost::asio::awaitable<MigrateReport> migrate(Pool& pool, std::string_view service,
                                              std::span<const Migration> migrations,
                                              MigrateOptions options = {});
// Opens a connection of its own (the `budgethub migrate` command).
boost::asio::awaitable<MigrateReport> migrate(boost::asio::any_io_executor executor, ConnectOptions database,
                                              std::string_view service, std::span<const Migration> migrations,
                                              MigrateOptions options = {});

}  // namespace bh::db
