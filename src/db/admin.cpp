#include "db/admin.h"

#include <spdlog/spdlog.h>

#include "db/connection.h"
#include "db/sql_error.h"

namespace bh::db {

namespace asio = boost::asio;

namespace {

asio::awaitable<bool> database_exists(Connection& connection, std::string_view name) {
    const Params params{name};
    const Result found = co_await connection.query("SELECT 1 FROM pg_database WHERE datname = $1", params);
    co_return !found.empty();
}

}  // namespace

asio::awaitable<bool> ensure_database(asio::any_io_executor executor, ConnectOptions server,
                                      std::string_view name) {
    server.database.clear();
    auto connection = co_await Connection::connect(std::move(executor), std::move(server));
    const bool exists = co_await database_exists(*connection, name);
    if (exists) co_return false;
    bool lost_race = false;
    try {
        // Simple protocol: CREATE DATABASE refuses to run inside any transaction block.
        co_await connection->execute_script("CREATE DATABASE " + quote_identifier(name));
    } catch (const DbError& e) {
        // Another process created it between our check and our CREATE: 42P04, or 23505 when both
        // inserts reached pg_database at once. Anything else is a real failure.
        if (e.sqlstate() != sqlstate::kDuplicateDatabase && e.sqlstate() != sqlstate::kUniqueViolation) throw;
        lost_race = true;
    }
    if (lost_race) co_return false;
    spdlog::info("db: created database {}", name);
    co_return true;
}

asio::awaitable<void> drop_database(asio::any_io_executor executor, ConnectOptions server,
                                    std::string_view name) {
    server.database.clear();
    auto connection = co_await Connection::connect(std::move(executor), std::move(server));
    co_await connection->execute_script("DROP DATABASE IF EXISTS " + quote_identifier(name) +
                                        " WITH (FORCE)");
}

}  // namespace bh::db
