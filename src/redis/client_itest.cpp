// redis::Client against a real server (REDIS_URL).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>
#include <future>

#include "redis/client.h"
#include "redis/itest_proxy.h"
#include "redis/itest_support.h"

namespace bh::redis {
namespace {

using namespace std::chrono_literals;
using testing::error_detail_of;
using testing::error_kind_of;
using testing::since;
using testing::sleep_for;
namespace asio = boost::asio;

class ClientTest : public ::testing::Test {
  protected:
    testing::IoThreads io_{2};
    ClientOptions options_ = testing::options_from_env();
    std::string key_ = bh::testing::unique_name("bh:test:client");

    Client make_client(std::chrono::milliseconds timeout = 2s) {
        ClientOptions options = options_;
        options.timeout = timeout;
        return Client(io_.executor(), options);
    }
};

TEST_F(ClientTest, ConvertsEveryReplyType) {
    Client redis = make_client();
    io_.run([&]() -> asio::awaitable<void> {
        co_await redis.ping();
        EXPECT_EQ(co_await redis.command("SET", key_, "v1", "PX", 60000), Reply::status("OK"));
        EXPECT_EQ(co_await redis.command("GET", key_), Reply::string("v1"));
        EXPECT_EQ(co_await redis.command("GET", key_ + ":missing"), Reply::nil());
        EXPECT_EQ(co_await redis.command("INCRBY", key_ + ":n", 41), Reply::integer(41));
        const Reply wrong = co_await redis.command("INCR", key_);  // an error reply is a value
        EXPECT_TRUE(wrong.is_error()) << wrong.to_debug_string();
        EXPECT_TRUE(wrong.is_error_kind("ERR")) << wrong.to_debug_string();
        co_await redis.command("RPUSH", key_ + ":list", "a", "b");
        const Reply list = Reply::array({Reply::string("a"), Reply::string("b")});
        EXPECT_EQ(co_await redis.command("LRANGE", key_ + ":list", 0, -1), list);
        co_await redis.command("DEL", key_, key_ + ":n", key_ + ":list");
    }());
}

TEST_F(ClientTest, ArgumentsAreBinarySafe) {
    using namespace std::string_literals;
    Client redis = make_client();
    const std::string value = "a\0b\r\n$3\r\n"s;
    const Reply got = io_.run([&]() -> asio::awaitable<Reply> {
        std::vector<std::string> set{"SET", key_, value, "PX", "60000"};
        co_await redis.command(std::move(set));
        co_return co_await redis.command("GET", key_);
    }());
    EXPECT_EQ(got, Reply::string(value));
}

TEST_F(ClientTest, RefusesCommandsThatWouldChangeTheSharedConnection) {
    Client redis = make_client();
    for (const char* name : {"SELECT", "subscribe", "MULTI", "monitor", "hello"}) {
        EXPECT_EQ(io_.run(error_kind_of(redis.command(name, "1"))), bh::ErrorKind::Internal) << name;
    }
    EXPECT_EQ(io_.run(error_kind_of(redis.command("CLIENT", "REPLY", "OFF"))), bh::ErrorKind::Internal);
    // The connection is untouched.
    io_.run(redis.ping());
}

// Several coroutines on a two-thread io_context, all sharing one pipelined connection.
TEST_F(ClientTest, PipelinesConcurrentCommandsFromManyCoroutines) {
    constexpr int kWorkers = 32;
    constexpr int kRounds = 100;
    Client redis = make_client(10s);
    const Reply id_before = io_.run(redis.command("CLIENT", "ID"));

    std::atomic<int> mismatches{0};
    auto worker = [&](int w) -> asio::awaitable<void> {
        for (int i = 0; i < kRounds; ++i) {
            const std::string key = key_ + ":" + std::to_string(w) + ":" + std::to_string(i);
            const std::string value = std::to_string(w * 100000 + i);
            co_await redis.command("SET", key, value, "PX", 60000);
            const Reply got = co_await redis.command("GET", key);
            if (got != Reply::string(value)) {
                ++mismatches;
            }
            co_await redis.command("INCR", key_ + ":total");
        }
    };
    std::vector<std::future<void>> done;
    done.reserve(kWorkers);
    for (int w = 0; w < kWorkers; ++w) {
        done.push_back(asio::co_spawn(io_.io(), worker(w), asio::use_future));
    }
    for (auto& f : done) {
        f.get();
    }

    EXPECT_EQ(mismatches.load(), 0);
    EXPECT_EQ(io_.run(redis.command("GET", key_ + ":total")),
              Reply::string(std::to_string(kWorkers * kRounds)));
    // Still the same connection: nothing timed out or reconnected on the way.
    EXPECT_EQ(io_.run(redis.command("CLIENT", "ID")), id_before);
    io_.run(redis.command("DEL", key_ + ":total"));
}

TEST_F(ClientTest, CommandPastItsDeadlineThrowsTimeoutAndTheNextOneReconnects) {
    Client redis = make_client(300ms);
    const Reply id_before = io_.run(redis.command("CLIENT", "ID"));
    const auto start = std::chrono::steady_clock::now();
    // The server would hold the connection for 5 s: far beyond the client's 300 ms.
    EXPECT_EQ(io_.run(error_kind_of(redis.command("BLPOP", key_ + ":empty", 5))), bh::ErrorKind::Timeout);
    EXPECT_GE(since(start), 290ms);
    EXPECT_LT(since(start), 2s);

    const auto again = std::chrono::steady_clock::now();
    io_.run(redis.ping());
    EXPECT_LT(since(again), 1s);
    EXPECT_NE(io_.run(redis.command("CLIENT", "ID")), id_before);
}

TEST_F(ClientTest, CommandsInFlightFailWithUnavailableWhenTheServerDropsTheConnection) {
    Client redis = make_client(10s);
    Client admin = make_client();
    const std::int64_t id = io_.run(redis.command("CLIENT", "ID")).as_integer();

    const auto start = std::chrono::steady_clock::now();
    auto blocked =
        asio::co_spawn(io_.io(), error_kind_of(redis.command("BLPOP", key_ + ":empty", 8)), asio::use_future);
    io_.run(sleep_for(200ms));
    EXPECT_EQ(io_.run(admin.command("CLIENT", "KILL", "ID", id)), Reply::integer(1));
    ASSERT_EQ(blocked.wait_for(3s), std::future_status::ready);
    EXPECT_EQ(blocked.get(), bh::ErrorKind::Unavailable);
    EXPECT_LT(since(start), 3s);
}

TEST_F(ClientTest, ReconnectsOnTheNextCommandAfterTheServerKilledTheConnection) {
    Client redis = make_client();
    Client admin = make_client();
    const std::int64_t id = io_.run(redis.command("CLIENT", "ID")).as_integer();
    EXPECT_EQ(io_.run(admin.command("CLIENT", "KILL", "ID", id)), Reply::integer(1));
    io_.run(sleep_for(100ms));  // the close reaches the idle connection

    io_.run(redis.ping());
    const std::int64_t new_id = io_.run(redis.command("CLIENT", "ID")).as_integer();
    EXPECT_NE(new_id, id);
}

TEST_F(ClientTest, NobodyListeningFailsFastWithUnavailableThenBacksOff) {
    testing::TcpProxy proxy(options_.host, options_.port);  // bound, not listening: refused
    ClientOptions options = options_;
    options.port = proxy.port();
    options.reconnect_backoff_min = 400ms;
    options.reconnect_backoff_max = 400ms;
    Client redis(io_.executor(), options);

    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(io_.run(error_kind_of(redis.ping())), bh::ErrorKind::Unavailable);
    EXPECT_LT(since(start), 300ms);  // refused at once, no waiting for the deadline
    // Inside the backoff window: refused without a new attempt.
    EXPECT_THAT(io_.run(error_detail_of(redis.ping())), ::testing::HasSubstr("reconnecting after"));
    io_.run(sleep_for(450ms));
    // Past it: a real attempt again.
    EXPECT_THAT(io_.run(error_detail_of(redis.ping())), ::testing::HasSubstr("refused"));
}

TEST_F(ClientTest, ConnectsOnceTheServerComesBack) {
    testing::TcpProxy proxy(options_.host, options_.port);
    ClientOptions options = options_;
    options.port = proxy.port();
    options.reconnect_backoff_min = 50ms;
    options.reconnect_backoff_max = 100ms;
    Client redis(io_.executor(), options);
    EXPECT_EQ(io_.run(error_kind_of(redis.ping())), bh::ErrorKind::Unavailable);
    EXPECT_EQ(io_.run(error_kind_of(redis.ping())), bh::ErrorKind::Unavailable);

    proxy.listen();
    io_.run(sleep_for(150ms));
    io_.run(redis.ping());
}

// The server vanishes under load: in-flight commands fail with Unavailable (never hang until their
// deadline, never get someone else's reply) and the traffic resumes on a new connection.
TEST_F(ClientTest, SurvivesTheConnectionBeingCutUnderLoad) {
    testing::TcpProxy proxy(options_.host, options_.port);
    proxy.listen();
    ClientOptions options = options_;
    options.port = proxy.port();
    options.timeout = 5s;
    options.reconnect_backoff_min = 10ms;
    options.reconnect_backoff_max = 20ms;
    Client redis(io_.executor(), options);

    std::atomic<bool> stop{false};
    std::atomic<bool> cut{false};
    std::atomic<int> ok_after_cut{0};
    std::atomic<int> unavailable{0};
    std::atomic<int> other_failures{0};
    auto worker = [&](int w) -> asio::awaitable<void> {
        int i = 0;
        while (!stop) {
            const std::string key = key_ + ":" + std::to_string(w);
            const std::string value = std::to_string(i++);
            try {
                co_await redis.command("SET", key, value, "PX", 60000);
                if (co_await redis.command("GET", key) != Reply::string(value)) {
                    ++other_failures;
                }
                if (cut) {
                    ++ok_after_cut;
                }
            } catch (const bh::AppError& e) {
                if (e.kind() == bh::ErrorKind::Unavailable) {
                    ++unavailable;
                } else {
                    ++other_failures;
                }
            }
        }
    };
    std::vector<std::future<void>> done;
    constexpr int kWorkers = 8;
    done.reserve(kWorkers);
    for (int w = 0; w < kWorkers; ++w) {
        done.push_back(asio::co_spawn(io_.io(), worker(w), asio::use_future));
    }
    io_.run(sleep_for(300ms));
    proxy.cut_connections();
    cut = true;
    io_.run(sleep_for(300ms));
    stop = true;
    for (auto& f : done) {
        ASSERT_EQ(f.wait_for(10s), std::future_status::ready);
    }

    EXPECT_EQ(other_failures.load(), 0);
    EXPECT_GT(ok_after_cut.load(), 0);
    RecordProperty("unavailable", unavailable.load());
}

TEST_F(ClientTest, RefusedHandshakeIsUnavailable) {
    ClientOptions options = options_;
    options.username = "nobody-" + key_;
    options.password = "wrong";
    Client redis(io_.executor(), options);
    EXPECT_EQ(io_.run(error_kind_of(redis.command("SET", key_, "must-not-be-written"))),
              bh::ErrorKind::Unavailable);
    Client good = make_client();
    EXPECT_EQ(io_.run(good.command("EXISTS", key_)), Reply::integer(0));
}

// Behind a refused SELECT the server would run the next command in database 0: nothing may be sent
// before the handshake has been answered.
TEST_F(ClientTest, RefusedSelectSendsNothing) {
    ClientOptions options = options_;
    options.database = 100000;  // beyond `databases`
    Client redis(io_.executor(), options);
    EXPECT_EQ(io_.run(error_kind_of(redis.command("SET", key_, "must-not-be-written"))),
              bh::ErrorKind::Unavailable);
    ClientOptions db0 = options_;
    db0.database = 0;
    Client in_db0(io_.executor(), db0);
    EXPECT_EQ(io_.run(in_db0.command("EXISTS", key_)), Reply::integer(0));
}

TEST_F(ClientTest, SelectsTheDatabaseOfTheUrl) {
    ClientOptions other = options_;
    other.database = options_.database == 5 ? 6 : 5;
    Client in_other(io_.executor(), other);
    Client in_default = make_client();
    io_.run(in_other.command("SET", key_, "x", "PX", 60000));
    EXPECT_EQ(io_.run(in_other.command("EXISTS", key_)), Reply::integer(1));
    EXPECT_EQ(io_.run(in_default.command("EXISTS", key_)), Reply::integer(0));
    io_.run(in_other.command("DEL", key_));
}

TEST_F(ClientTest, EvalLoadsAnUnknownScriptThenUsesItsSha) {
    Client redis = make_client();
    // A text no server has seen: the first EVALSHA gets NOSCRIPT and falls back to EVAL.
    const Script script("-- " + key_ + "\nreturn {KEYS[1], ARGV[1]}");
    EXPECT_EQ(io_.run(redis.command("SCRIPT", "EXISTS", script.sha1())), Reply::array({Reply::integer(0)}));
    const auto eval = [&]() -> asio::awaitable<Reply> {
        std::vector<std::string> keys{"k"};
        std::vector<std::string> args{"a"};
        co_return co_await redis.eval(script, std::move(keys), std::move(args));
    };
    const Reply expected = Reply::array({Reply::string("k"), Reply::string("a")});
    EXPECT_EQ(io_.run(eval()), expected);
    EXPECT_EQ(io_.run(redis.command("SCRIPT", "EXISTS", script.sha1())), Reply::array({Reply::integer(1)}));
    EXPECT_EQ(io_.run(eval()), expected);
}

TEST_F(ClientTest, TheConnectionClosesWhenTheLastCopyIsGone) {
    Client admin = make_client();
    std::int64_t id = 0;
    {
        Client redis = make_client();
        Client copy = redis;  // copies share the connection
        id = io_.run(redis.command("CLIENT", "ID")).as_integer();
        EXPECT_EQ(io_.run(copy.command("CLIENT", "ID")).as_integer(), id);
    }
    bool gone = false;
    for (int i = 0; i < 100 && !gone; ++i) {
        gone = io_.run(admin.command("CLIENT", "LIST", "ID", id)).as_string().empty();
        if (!gone) {
            io_.run(sleep_for(10ms));
        }
    }
    EXPECT_TRUE(gone);
}

}  // namespace
}  // namespace bh::redis
