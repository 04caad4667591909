#pragma once
// Asynchronous Redis client for one server (hiredis 0.14 driven by Boost.Asio).
//
//   redis::Client redis(executor, redis::client_options(redis::redis_settings().read(config)));
//   Reply r = co_await redis.command("SET", key, value, "NX", "PX", 3000);
//
// (g++-12 rejects a braced list inside a co_await expression - "array used as initializer" - so
// `co_await redis.command({"SET", key})` does not compile there: pass the words as arguments, or
// build the std::vector<std::string> in a statement of its own.)
//
// - One connection, pipelined: commands from any number of coroutines go out on it without waiting
//   for each other; hiredis matches replies to commands in order.
// - Thread safety: a Client may be used from any thread and any coroutine at once. Everything that
//   touches the hiredis context runs on one strand of the given executor, so a process running one
//   io_context on N threads needs no locking around it.
// - Deadline: every command must complete within ClientOptions::timeout (connecting included), or it
//   throws bh::AppError Timeout. A command that missed its deadline leaves the connection in an
//   unknown state (a stalled network, a blocked server, a BLPOP still holding it), so the connection is
//   dropped: commands in flight on it fail with Unavailable and the next command reconnects.
// - Connection loss: commands in flight fail with bh::AppError Unavailable (they may or may not have
//   run: no automatic retry). The next command reconnects; after a failed attempt, commands fail fast
//   with Unavailable during a jittered, doubling backoff (ClientOptions::reconnect_backoff_*).
// - Error replies (WRONGTYPE, NOSCRIPT, ...) are returned as Reply values, not thrown.
// - Commands that would change the connection's state for everyone sharing it are refused with
//   bh::AppError Internal: SELECT, AUTH, HELLO, (P|S)SUBSCRIBE, MONITOR, MULTI/EXEC/WATCH (use a Lua
//   script for atomicity), QUIT, RESET. Blocking commands (BLPOP, ...) hold the shared connection:
//   keep them out of request paths.
//
// Copies share one connection; it closes when the last copy and the last command are gone.
// Destroy every Client before its io_context.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <concepts>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "redis/options.h"
#include "redis/reply.h"
#include "redis/script.h"

namespace bh::redis {

// One word of a command: anything that views as a string, or an integer (sent in decimal).
template <typename T>
concept CommandArg = std::convertible_to<const T&, std::string_view> ||
    (std::integral<T> && !std::same_as<T, bool> && !std::same_as<T, char>);

class Client {
  public:
    Client(boost::asio::any_io_executor executor, ClientOptions options);

    // One command, arguments binary-safe. Throws bh::AppError Timeout / Unavailable.
    boost::asio::awaitable<Reply> command(std::vector<std::string> args);
    // The same with the words as arguments: command("PEXPIRE", key, 3000).
    template <CommandArg... Args>
    requires(sizeof...(Args) > 0) boost::asio::awaitable<Reply> command(const Args&... args) {
        std::vector<std::string> argv;
        argv.reserve(sizeof...(Args));
        (argv.push_back(to_word(args)), ...);
        return command(std::move(argv));
    }
    // EVALSHA, falling back to EVAL when the server does not have the script cached (NOSCRIPT).
    boost::asio::awaitable<Reply> eval(const Script& script, std::vector<std::string> keys,
                                       std::vector<std::string> args);
    // Readiness probe: returns when the server answered PONG; throws Timeout / Unavailable otherwise.
    boost::asio::awaitable<void> ping();

    const ClientOptions& options() const;
    boost::asio::any_io_executor executor() const;

  private:
    template <typename T>
    static std::string to_word(const T& arg) {
        if constexpr (std::is_convertible_v<const T&, std::string_view>) {
            return std::string(std::string_view(arg));
        } else {
            return std::to_string(arg);
        }
    }

    struct Impl;
    std::shared_ptr<Impl> impl_;
};

}  // namespace bh::redis
