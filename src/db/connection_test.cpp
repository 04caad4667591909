// Connection and pool behaviour that needs no server: an address where nobody listens.
#include "db/connection.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_future.hpp>

#include "core/error.h"
#include "db/pool.h"
#include "db/sql_error.h"

namespace bh::db {
namespace {

namespace asio = boost::asio;

// A loopback port that was free a moment ago: connecting to it is refused.
std::string closed_port_url() {
    asio::io_context io;
    asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
    const auto port = acceptor.local_endpoint().port();
    return "postgresql://nobody@127.0.0.1:" + std::to_string(port) + "/postgres";
}

template <class T>
T run(asio::io_context& io, asio::awaitable<T> task) {
    auto future = asio::co_spawn(io, std::move(task), asio::use_future);
    io.run();
    io.restart();
    return future.get();
}

TEST(Connection, RefusedConnectIsUnavailable) {
    asio::io_context io;
    ConnectOptions options;
    options.url = closed_port_url();
    try {
        run(io, Connection::connect(io.get_executor(), options));
        FAIL() << "expected DbError";
    } catch (const DbError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Unavailable);
        EXPECT_EQ(e.sqlstate(), "08001");
        EXPECT_EQ(e.detail().find("nobody@"), std::string::npos);
    }
}

TEST(Pool, UnreachableServerIsUnavailableAndFreesTheSlot) {
    asio::io_context io;
    PoolOptions options;
    options.connect.url = closed_port_url();
    options.size = 1;
    Pool pool(io.get_executor(), options);
    for (int i = 0; i < 2; ++i) {
        try {
            run(io, pool.acquire());
            FAIL() << "expected AppError";
        } catch (const AppError& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Unavailable);
        }
    }
    const PoolStats stats = pool.stats();
    EXPECT_EQ(stats.open, 0u);
    EXPECT_EQ(stats.connect_failures_total, 2u);
    EXPECT_EQ(stats.acquired_total, 0u);
    EXPECT_FALSE(run(io, pool.ping(std::chrono::milliseconds{500})));
}

}  // namespace
}  // namespace bh::db
