#pragma once
// One PostgreSQL connection driven on the Asio loop: libpq in non-blocking mode, its socket watched
// through a stream_descriptor, every wait bounded by a deadline. Used by one coroutine at a time
// (a Pool lease guarantees it); the connection itself has no locks.
//
//   auto conn = co_await db::Connection::connect(executor, options);
//   db::Result r = co_await conn->query("SELECT email FROM users WHERE id = $1", db::Params{id});
//   db::Result s = co_await conn->execute(kFindUserByEmail, db::Params{email});
//
// Errors: a server error throws DbError (sql_error.h); a connection that cannot be opened, or is
// lost, throws AppError Unavailable; a missed deadline throws AppError Timeout. After a client-side
// timeout or a lost connection is_broken() is true and the connection is useless: drop it.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "db/connect_options.h"
#include "db/params.h"
#include "db/result.h"
#include "db/statement.h"

namespace bh::db {

enum class TransactionState {
    Idle,           // no transaction open
    Active,         // a command is in progress (only while a query runs)
    InTransaction,  // inside a transaction block, idle
    InError,        // inside a failed transaction block: only ROLLBACK helps
    Unknown,        // the connection is bad
};

class Connection {
  public:
    using Timeout = std::optional<std::chrono::milliseconds>;

    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Opens a connection within options.connect_timeout: AppError Unavailable when the server cannot
    // be reached or refuses, Timeout when the deadline passes first.
    static boost::asio::awaitable<std::unique_ptr<Connection>> connect(boost::asio::any_io_executor executor,
                                                                       ConnectOptions options);

    // One statement with $1..$n text parameters (extended protocol, no server-side plan kept).
    boost::asio::awaitable<Result> query(std::string_view sql, const Params& params = {},
                                         Timeout timeout = {});
    // A named statement: prepared on this connection the first time, then executed by name.
    boost::asio::awaitable<Result> execute(const Statement& statement, const Params& params = {},
                                           Timeout timeout = {});
    // Several ';'-separated statements without parameters (simple protocol): migrations, DDL,
    // CREATE DATABASE. Returns the last statement's result; the first error throws.
    boost::asio::awaitable<Result> execute_script(std::string_view sql, Timeout timeout = {});

    bool is_broken() const;
    TransactionState transaction_state() const;
    // Checks, without waiting, that an idle connection was not closed by the server meanwhile (a
    // restart, pg_terminate_backend). False means: drop it.
    bool check_alive();
    bool is_prepared(std::string_view statement_name) const;
    int backend_pid() const;
    // Closes the socket now; the object stays safe to destroy.
    void close();

    const ConnectOptions& options() const;
    boost::asio::any_io_executor executor() const;

  private:
    struct Impl;
    explicit Connection(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace bh::db
