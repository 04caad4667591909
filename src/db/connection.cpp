#include "db/connection.h"

#include <libpq-fe.h>
#include <poll.h>
#include <spdlog/spdlog.h>

#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>
#include <new>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "db/detail/pg_result.h"
#include "db/sql_error.h"

namespace bh::db {

namespace asio = boost::asio;
using SteadyClock = std::chrono::steady_clock;

namespace {

// PostgreSQL truncates longer identifiers silently, which would make two statement names collide.
constexpr std::size_t kMaxStatementName = 63;
constexpr const char* kTimeoutMessage = "The database did not answer in time.";

enum class Ready { Read, Write, Timeout };

struct PgConnDeleter {
    void operator()(PGconn* conn) const { PQfinish(conn); }
};

std::string trim_newlines(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text;
}

void log_notice(void*, const char* message) {
    // Notices ("relation already exists, skipping", a FATAL before the server closes an idle
    // connection) are useful when debugging and noise otherwise; libpq would print them to stderr.
    if (spdlog::should_log(spdlog::level::debug)) spdlog::debug("postgres: {}", trim_newlines(message));
}

std::string field(const PGresult* result, int code) {
    const char* value = PQresultErrorField(result, code);
    return value == nullptr ? std::string() : std::string(value);
}

ServerError server_error_of(const PGresult* result) {
    ServerError error;
    error.sqlstate = field(result, PG_DIAG_SQLSTATE);
    error.message = field(result, PG_DIAG_MESSAGE_PRIMARY);
    if (error.message.empty()) error.message = trim_newlines(PQresultErrorMessage(result));
    error.detail = field(result, PG_DIAG_MESSAGE_DETAIL);
    error.constraint = field(result, PG_DIAG_CONSTRAINT_NAME);
    error.table = field(result, PG_DIAG_TABLE_NAME);
    error.column = field(result, PG_DIAG_COLUMN_NAME);
    return error;
}

// libpq wants arrays of C strings; Params keeps std::optional<std::string>.
struct ParamArray {
    explicit ParamArray(const Params& params) {
        values.reserve(params.size());
        for (const auto& value : params.values()) values.push_back(value ? value->c_str() : nullptr);
    }
    int count() const { return static_cast<int>(values.size()); }
    std::vector<const char*> values;
};

}  // namespace

struct Connection::Impl {
    Impl(asio::any_io_executor ex, ConnectOptions opts)
        : executor(std::move(ex)), options(std::move(opts)), timer(executor) {}
    ~Impl() { close(); }

    asio::any_io_executor executor;
    ConnectOptions options;
    std::unique_ptr<PGconn, PgConnDeleter> conn;
    // Watches libpq's socket; never owns it (release() before libpq closes it).
    std::optional<asio::posix::stream_descriptor> socket;
    asio::steady_timer timer;
    std::unordered_map<std::string, std::string> prepared;  // statement name -> its SQL
    bool broken = true;

    void close() {
        release_socket();
        conn.reset();
        prepared.clear();
        broken = true;
    }

    void release_socket() {
        if (socket) {
            socket->release();
            socket.reset();
        }
    }

    void watch_socket() {
        release_socket();
        const int fd = PQsocket(conn.get());
        if (fd < 0) fail_lost("no socket");
        socket.emplace(executor, fd);
    }

    std::string error_message() const { return conn ? trim_newlines(PQerrorMessage(conn.get())) : "closed"; }

    [[noreturn]] void fail_lost(const std::string& what) {
        ServerError error{
            std::string(sqlstate::kConnectionFailure), what + ": " + error_message(), {}, {}, {}, {}};
        close();
        throw DbError(std::move(error));
    }

    [[noreturn]] void fail_deadline(const std::string& what) {
        // Closing is the cancel: with client_connection_check_interval the server notices the
        // closed socket within a second and aborts the statement (PQcancel would block a thread).
        close();
        throw timeout(kTimeoutMessage, "postgres: client deadline passed during " + what);
    }

    void ensure_usable() const {
        if (broken || !conn) {
            throw DbError(ServerError{std::string(sqlstate::kConnectionDoesNotExist),
                                      "the connection is closed or broken",
                                      {},
                                      {},
                                      {},
                                      {}});
        }
    }

    SteadyClock::time_point deadline_after(Connection::Timeout timeout) const {
        return SteadyClock::now() + timeout.value_or(default_query_timeout(options));
    }

    // Waits until the socket is ready for what libpq asked, or the deadline.
    asio::awaitable<Ready> wait(bool want_read, bool want_write, SteadyClock::time_point deadline) {
        using asio::experimental::make_parallel_group;
        using asio::experimental::wait_for_one;
        using asio::posix::descriptor_base;
        timer.expires_at(deadline);
        if (want_read && want_write) {
            auto [order, read_ec, write_ec, timer_ec] =
                co_await make_parallel_group(socket->async_wait(descriptor_base::wait_read, asio::deferred),
                                             socket->async_wait(descriptor_base::wait_write, asio::deferred),
                                             timer.async_wait(asio::deferred))
                    .async_wait(wait_for_one(), asio::use_awaitable);
            const boost::system::error_code codes[] = {read_ec, write_ec, timer_ec};
            co_return outcome(order[0], codes[order[0]], order[0] == 0 ? Ready::Read : Ready::Write);
        }
        auto [order, socket_ec, timer_ec] =
            co_await make_parallel_group(
                socket->async_wait(want_read ? descriptor_base::wait_read : descriptor_base::wait_write,
                                   asio::deferred),
                timer.async_wait(asio::deferred))
                .async_wait(wait_for_one(), asio::use_awaitable);
        const boost::system::error_code codes[] = {socket_ec, timer_ec};
        co_return outcome(order[0] == 0 ? 0 : 2, codes[order[0]], want_read ? Ready::Read : Ready::Write);
    }

    // which: 0/1 a socket wait, 2 the timer.
    Ready outcome(std::size_t which, const boost::system::error_code& ec, Ready socket_ready) {
        if (ec == asio::error::operation_aborted) {
            // The caller's coroutine was cancelled: the command is half done, so the connection goes.
            close();
            throw boost::system::system_error(ec);
        }
        if (which == 2) return Ready::Timeout;
        if (ec) fail_lost("waiting for the socket: " + ec.message());
        return socket_ready;
    }

    asio::awaitable<void> flush(SteadyClock::time_point deadline, const std::string& what) {
        for (;;) {
            const int pending = PQflush(conn.get());
            if (pending == 0) co_return;
            if (pending < 0) fail_lost("sending " + what);
            // Wait for either direction: the server may need us to read before it reads more.
            const Ready ready = co_await wait(true, true, deadline);
            if (ready == Ready::Timeout) fail_deadline("sending " + what);
            if (ready == Ready::Read && PQconsumeInput(conn.get()) == 0) fail_lost("reading");
        }
    }

    // Reads every result of the command in flight. The last one is returned, the first error thrown,
    // and either way the connection is left ready for the next command.
    asio::awaitable<Result> collect(SteadyClock::time_point deadline, const std::string& what) {
        std::optional<Result> last;
        std::optional<ServerError> first_error;
        for (;;) {
            while (PQisBusy(conn.get()) != 0) {
                const Ready ready = co_await wait(true, false, deadline);
                if (ready == Ready::Timeout) fail_deadline(what);
                if (PQconsumeInput(conn.get()) == 0) fail_lost("reading the answer to " + what);
            }
            PGresult* raw = PQgetResult(conn.get());
            if (raw == nullptr) break;
            Result result = detail::ResultAccess::wrap(raw);
            switch (PQresultStatus(raw)) {
                case PGRES_FATAL_ERROR:
                    if (!first_error) first_error = server_error_of(raw);
                    break;
                case PGRES_COPY_IN:
                case PGRES_COPY_OUT:
                case PGRES_COPY_BOTH:
                    close();
                    throw internal("db: COPY is not supported by Connection (in " + what + ")");
                default:
                    last = std::move(result);
            }
        }
        if (PQstatus(conn.get()) != CONNECTION_OK) {
            if (first_error && first_error->sqlstate.empty()) {
                first_error->sqlstate = std::string(sqlstate::kConnectionFailure);
            }
            if (!first_error) fail_lost(what);
            close();
        }
        if (first_error) throw DbError(std::move(*first_error));
        co_return last ? std::move(*last) : Result{};
    }

    asio::awaitable<Result> run(bool sent, SteadyClock::time_point deadline, const std::string& what) {
        if (!sent) fail_lost("sending " + what);
        co_await flush(deadline, what);
        co_return co_await collect(deadline, what);
    }
};

Connection::Connection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Connection::~Connection() = default;

asio::awaitable<std::unique_ptr<Connection>> Connection::connect(asio::any_io_executor executor,
                                                                 ConnectOptions options) {
    auto impl = std::make_unique<Impl>(std::move(executor), std::move(options));
    const auto deadline = SteadyClock::now() + impl->options.connect_timeout;
    const auto params = conninfo_params(impl->options);
    std::vector<const char*> keys;
    std::vector<const char*> values;
    for (const auto& [key, value] : params) {
        keys.push_back(key.c_str());
        values.push_back(value.c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);

    impl->conn.reset(PQconnectStartParams(keys.data(), values.data(), 1));
    if (!impl->conn) throw std::bad_alloc();
    const std::string target = redact_url(impl->options.url) +
                               (impl->options.database.empty() ? "" : " database " + impl->options.database);
    const auto fail_connect = [&]() {
        ServerError error{std::string(sqlstate::kUnableToConnect),
                          "cannot connect to " + target + ": " + impl->error_message(),
                          {},
                          {},
                          {},
                          {}};
        impl->close();
        throw DbError(std::move(error));
    };
    if (PQstatus(impl->conn.get()) == CONNECTION_BAD) fail_connect();

    // libpq drives the handshake; we only wait for what it asks. The socket can change between
    // steps (another address, SSL retry), so it is watched afresh for each one.
    PostgresPollingStatusType step = PGRES_POLLING_WRITING;
    while (step != PGRES_POLLING_OK) {
        if (step == PGRES_POLLING_FAILED) fail_connect();
        impl->watch_socket();
        const Ready ready =
            co_await impl->wait(step == PGRES_POLLING_READING, step == PGRES_POLLING_WRITING, deadline);
        impl->release_socket();
        if (ready == Ready::Timeout) {
            impl->close();
            throw timeout(kTimeoutMessage, "postgres: connecting to " + target + " timed out");
        }
        step = PQconnectPoll(impl->conn.get());
    }
    if (PQsetnonblocking(impl->conn.get(), 1) != 0) fail_connect();
    PQsetNoticeProcessor(impl->conn.get(), log_notice, nullptr);
    impl->watch_socket();
    impl->broken = false;
    co_return std::unique_ptr<Connection>(new Connection(std::move(impl)));
}

asio::awaitable<Result> Connection::query(std::string_view sql, const Params& params, Timeout timeout) {
    Impl& s = *impl_;
    s.ensure_usable();
    const auto deadline = s.deadline_after(timeout);
    const std::string text(sql);
    const ParamArray array(params);
    const bool sent = PQsendQueryParams(s.conn.get(), text.c_str(), array.count(), nullptr,
                                        array.values.data(), nullptr, nullptr, 0) != 0;
    co_return co_await s.run(sent, deadline, "query");
}

asio::awaitable<Result> Connection::execute(const Statement& statement, const Params& params,
                                            Timeout timeout) {
    Impl& s = *impl_;
    s.ensure_usable();
    const auto deadline = s.deadline_after(timeout);
    const std::string name(statement.name);
    const std::string what = "statement " + name;
    if (name.empty() || name.size() > kMaxStatementName) {
        throw internal("db: statement name '" + name + "' must have 1 to 63 characters");
    }
    const auto known = s.prepared.find(name);
    if (known == s.prepared.end()) {
        std::string sql(statement.sql);
        const bool sent = PQsendPrepare(s.conn.get(), name.c_str(), sql.c_str(), 0, nullptr) != 0;
        co_await s.run(sent, deadline, "prepare " + what);
        s.prepared.emplace(name, std::move(sql));
    } else if (known->second != statement.sql) {
        throw internal("db: statement name '" + name + "' is used for two different SQL texts");
    }
    const ParamArray array(params);
    const bool sent = PQsendQueryPrepared(s.conn.get(), name.c_str(), array.count(), array.values.data(),
                                          nullptr, nullptr, 0) != 0;
    co_return co_await s.run(sent, deadline, what);
}

asio::awaitable<Result> Connection::execute_script(std::string_view sql, Timeout timeout) {
    Impl& s = *impl_;
    s.ensure_usable();
    const auto deadline = s.deadline_after(timeout);
    const std::string text(sql);
    const bool sent = PQsendQuery(s.conn.get(), text.c_str()) != 0;
    co_return co_await s.run(sent, deadline, "script");
}

bool Connection::is_broken() const {
    return impl_->broken || !impl_->conn;
}

TransactionState Connection::transaction_state() const {
    if (is_broken()) return TransactionState::Unknown;
    switch (PQtransactionStatus(impl_->conn.get())) {
        case PQTRANS_IDLE:
            return TransactionState::Idle;
        case PQTRANS_ACTIVE:
            return TransactionState::Active;
        case PQTRANS_INTRANS:
            return TransactionState::InTransaction;
        case PQTRANS_INERROR:
            return TransactionState::InError;
        default:
            return TransactionState::Unknown;
    }
}

bool Connection::check_alive() {
    Impl& s = *impl_;
    if (is_broken()) return false;
    // An idle connection has nothing to read. Readable means the server spoke on its own: usually
    // a FATAL message followed by the end of the stream. A few rounds read both.
    for (int round = 0; round < 4; ++round) {
        pollfd watched{PQsocket(s.conn.get()), POLLIN, 0};
        const int ready = ::poll(&watched, 1, 0);
        if (ready <= 0) break;
        if (PQconsumeInput(s.conn.get()) == 0) {
            s.close();
            return false;
        }
        PQisBusy(s.conn.get());  // parses what arrived (an error goes to the notice processor)
        while (PGnotify* note = PQnotifies(s.conn.get())) PQfreemem(note);
    }
    if (PQstatus(s.conn.get()) != CONNECTION_OK) {
        s.close();
        return false;
    }
    return true;
}

bool Connection::is_prepared(std::string_view statement_name) const {
    return impl_->prepared.contains(std::string(statement_name));
}

int Connection::backend_pid() const {
    return impl_->conn ? PQbackendPID(impl_->conn.get()) : 0;
}

void Connection::close() {
    impl_->close();
}

const ConnectOptions& Connection::options() const {
    return impl_->options;
}

asio::any_io_executor Connection::executor() const {
    return impl_->executor;
}

}  // namespace bh::db
