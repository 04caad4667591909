#include "redis/client.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cctype>
#include <random>

#include "core/error.h"
#include "redis/connection.h"

namespace bh::redis {

namespace {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;
using std::chrono::milliseconds;
using std::chrono::steady_clock;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

constexpr const char* kUnavailableMessage =
    "A required service is temporarily unavailable. Please try again later.";
constexpr const char* kTimeoutMessage = "A required service did not answer in time. Please try again later.";

AppError unavailable_error(const std::string& detail) {
    return bh::unavailable(kUnavailableMessage, "redis: " + detail);
}
AppError timeout_error(const std::string& detail) {
    return bh::timeout(kTimeoutMessage, "redis: " + detail);
}

// Commands that change the state of the one connection every caller shares.
void check_shareable(const std::vector<std::string>& args) {
    if (args.empty()) {
        throw bh::internal("redis: empty command");
    }
    static constexpr std::array<std::string_view, 15> kRefused = {
        "SELECT",     "AUTH",        "HELLO",        "SUBSCRIBE",    "PSUBSCRIBE",
        "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE", "MONITOR",
        "MULTI",      "EXEC",        "WATCH",        "QUIT",         "RESET"};
    std::string name = args.front();
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::toupper(c); });
    // CLIENT REPLY OFF|SKIP would leave hiredis matching replies to the wrong commands.
    const bool reply_switch =
        name == "CLIENT" && args.size() > 1 && (args[1] == "REPLY" || args[1] == "reply");
    if (reply_switch || std::find(kRefused.begin(), kRefused.end(), name) != kRefused.end()) {
        throw bh::internal("redis: " + name + " is not allowed on the shared connection");
    }
}

// One connection attempt (name resolution + connect), awaited by every command that needs it.
struct ConnectAttempt {
    explicit ConnectAttempt(const detail::Strand& strand) : done(strand, steady_clock::time_point::max()) {}
    asio::steady_timer done;  // cancelled when the attempt is over: wakes the waiters
    bool finished = false;
};

}  // namespace

struct Client::Impl : std::enable_shared_from_this<Impl> {
    Impl(asio::any_io_executor ex, ClientOptions o)
        : executor(std::move(ex)), strand(asio::make_strand(executor)), options(std::move(o)) {}

    ~Impl() {
        // The last user is gone, maybe on a thread outside the strand: close there.
        if (connection) {
            asio::post(strand, [c = std::move(connection)] { c->close("client destroyed"); });
        }
    }

    static asio::awaitable<Reply> execute(std::shared_ptr<Impl> self, std::vector<std::string> args);
    static asio::awaitable<void> connect(std::shared_ptr<Impl> self, std::shared_ptr<ConnectAttempt> attempt);
    asio::awaitable<std::shared_ptr<detail::Connection>> usable_connection(steady_clock::time_point deadline);
    asio::awaitable<std::optional<std::string>> resolve(std::string& error);
    void retire(const detail::Connection& old);
    void record_failure(const std::string& error, steady_clock::time_point when);

    asio::any_io_executor executor;
    detail::Strand strand;
    const ClientOptions options;

    // Strand-only state.
    std::shared_ptr<detail::Connection> connection;
    std::shared_ptr<ConnectAttempt> connecting;
    int consecutive_failures = 0;
    steady_clock::time_point next_attempt_at{};
    std::string last_error;
    std::minstd_rand jitter{std::random_device{}()};
};

// Runs on the strand from start to end: the only place commands meet the hiredis context.
asio::awaitable<Reply> Client::Impl::execute(std::shared_ptr<Impl> self, std::vector<std::string> args) {
    const auto deadline = steady_clock::now() + self->options.timeout;
    auto connection = co_await self->usable_connection(deadline);
    auto pending = std::make_shared<detail::PendingReply>(self->strand, deadline);
    if (!connection->submit(args, pending)) {
        throw unavailable_error("connection closing: " + connection->last_error());
    }
    boost::system::error_code ec;
    if (!pending->reply && !pending->connection_lost) {
        std::tie(ec) = co_await pending->timer.async_wait(kTuple);
    }
    if (pending->reply) {
        co_return std::move(*pending->reply);
    }
    if (pending->connection_lost) {
        throw unavailable_error("connection lost: " + connection->last_error());
    }
    if (ec == asio::error::operation_aborted) {
        throw boost::system::system_error(ec);  // cancelled by the caller
    }
    connection->close(args.front() + " missed its deadline");
    throw timeout_error(args.front() + " took longer than " + std::to_string(self->options.timeout.count()) +
                        " ms");
}

asio::awaitable<std::shared_ptr<detail::Connection>> Client::Impl::usable_connection(
    steady_clock::time_point deadline) {
    for (;;) {
        if (connection && connection->alive()) {
            co_return connection;
        }
        if (connection) {
            retire(*connection);
            connection.reset();
        }
        auto attempt = connecting;
        if (!attempt) {
            if (steady_clock::now() < next_attempt_at) {
                throw unavailable_error("reconnecting after: " + last_error);
            }
            attempt = connecting = std::make_shared<ConnectAttempt>(strand);
            // co_spawn dispatches: when no name needs resolving, the attempt is over on return.
            asio::co_spawn(strand, connect(shared_from_this(), attempt), asio::detached);
        }
        if (!attempt->finished) {
            asio::steady_timer expiry(strand, deadline);
            co_await (attempt->done.async_wait(kTuple) || expiry.async_wait(kTuple));
            if (!attempt->finished) {
                throw timeout_error("connecting took longer than the command deadline");
            }
        }
        // Loop: the attempt left either a live connection or a failure (and a backoff) behind.
    }
}

// Resolve, connect, handshake; the connection is published only once ready, so no command can slip
// in ahead of a handshake that then fails.
asio::awaitable<void> Client::Impl::connect(std::shared_ptr<Impl> self,
                                            std::shared_ptr<ConnectAttempt> attempt) {
    std::string error;
    try {
        const auto deadline = steady_clock::now() + self->options.timeout;
        auto address = co_await self->resolve(error);
        auto opened = address
                          ? detail::Connection::open(self->strand, *address, self->options, deadline, error)
                          : nullptr;
        if (opened && !opened->settled()) {
            co_await opened->settling().async_wait(kTuple);
        }
        if (opened && opened->ready()) {
            self->connection = std::move(opened);
            self->consecutive_failures = 0;
        } else if (opened) {
            opened->close("connecting took longer than " + std::to_string(self->options.timeout.count()) +
                          " ms");
            error = opened->last_error();
        }
    } catch (const std::exception& e) {
        error = e.what();
    }
    if (!self->connection) {
        self->record_failure(error, steady_clock::now());
    }
    // Whatever happened, the waiters must wake up.
    self->connecting.reset();
    attempt->finished = true;
    attempt->done.cancel();
}

// hiredis resolves names with a blocking getaddrinfo; do it here, on Asio's resolver thread, and hand
// hiredis a numeric address.
asio::awaitable<std::optional<std::string>> Client::Impl::resolve(std::string& error) {
    boost::system::error_code ec;
    asio::ip::make_address(options.host, ec);
    if (!ec) {
        co_return options.host;
    }
    auto resolver = std::make_shared<asio::ip::tcp::resolver>(strand);
    asio::steady_timer limit(strand, options.timeout);
    limit.async_wait([resolver](const boost::system::error_code& e) {
        if (!e) {
            resolver->cancel();
        }
    });
    auto [resolve_error, results] =
        co_await resolver->async_resolve(options.host, std::to_string(options.port), kTuple);
    limit.cancel();
    if (resolve_error || results.empty()) {
        error = "cannot resolve " + options.host + ": " + resolve_error.message();
        co_return std::nullopt;
    }
    co_return results.begin()->endpoint().address().to_string();
}

// Only connections that became ready are ever published, so losing one is not a failed attempt:
// the next command reconnects at once.
void Client::Impl::retire(const detail::Connection& old) {
    spdlog::warn("redis: connection to {} closed: {}", options.describe(),
                 old.last_error().empty() ? "by the server" : old.last_error());
    next_attempt_at = {};
    last_error = old.last_error();
}

void Client::Impl::record_failure(const std::string& error, steady_clock::time_point when) {
    last_error = error;
    ++consecutive_failures;
    const auto doublings = std::min(consecutive_failures - 1, 16);
    const milliseconds full = std::min(milliseconds(options.reconnect_backoff_min.count() << doublings),
                                       options.reconnect_backoff_max);
    // Jitter in [full/2, full]: instances that lost the server together do not return together.
    std::uniform_int_distribution<milliseconds::rep> pick(full.count() / 2, full.count());
    const milliseconds delay{pick(jitter)};
    next_attempt_at = when + delay;
    spdlog::warn("redis: cannot connect to {}: {} (failure {}, next attempt in {} ms)", options.describe(),
                 error, consecutive_failures, delay.count());
}

Client::Client(asio::any_io_executor executor, ClientOptions options)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(options))) {}

asio::awaitable<Reply> Client::command(std::vector<std::string> args) {
    check_shareable(args);
    co_return co_await asio::co_spawn(impl_->strand, Impl::execute(impl_, std::move(args)),
                                      asio::use_awaitable);
}

asio::awaitable<Reply> Client::eval(const Script& script, std::vector<std::string> keys,
                                    std::vector<std::string> args) {
    std::vector<std::string> argv;
    argv.reserve(3 + keys.size() + args.size());
    argv.insert(argv.end(), {"EVALSHA", script.sha1(), std::to_string(keys.size())});
    std::move(keys.begin(), keys.end(), std::back_inserter(argv));
    std::move(args.begin(), args.end(), std::back_inserter(argv));
    Reply reply = co_await command(argv);
    if (!reply.is_error_kind("NOSCRIPT")) {
        co_return reply;
    }
    // Not in the server's script cache (restart, SCRIPT FLUSH): EVAL sends the text and caches it.
    argv[0] = "EVAL";
    argv[1] = script.text();
    co_return co_await command(std::move(argv));
}

asio::awaitable<void> Client::ping() {
    const Reply reply = co_await command("PING");
    if (!reply.is_status("PONG")) {
        throw unavailable_error("PING answered " + reply.to_debug_string());
    }
}

const ClientOptions& Client::options() const {
    return impl_->options;
}

asio::any_io_executor Client::executor() const {
    return impl_->executor;
}

}  // namespace bh::redis
