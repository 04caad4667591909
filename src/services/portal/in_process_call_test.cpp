// call_in_process: the answer of a colocated service, or 504 at the deadline while the service's
// handler still finishes its work.
#include "services/portal/in_process_call.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <thread>

#include "core/error.h"

namespace bh::portal {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

class InProcessCallTest : public ::testing::Test {
  protected:
    asio::io_context io{2};
    http::Metrics metrics;
    std::shared_ptr<http::Server> server;
    std::atomic<int> slow_finished{0};
    std::vector<std::thread> threads;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;

    void SetUp() override {
        http::Router router;
        router.add(http::Method::Get, "/fast", [](http::Request& r) -> asio::awaitable<http::Response> {
            co_return http::Response::text(200, "peer " + r.remote_address);
        });
        router.add(http::Method::Get, "/slow", [this](http::Request&) -> asio::awaitable<http::Response> {
            asio::steady_timer timer(co_await asio::this_coro::executor, 300ms);
            co_await timer.async_wait(asio::use_awaitable);
            ++slow_finished;
            co_return http::Response::text(200, "done");
        });
        server = std::make_shared<http::Server>(io.get_executor(), http::ServerOptions{.access_log = false},
                                                std::move(router), metrics);
        work.emplace(io.get_executor());
        for (int i = 0; i < 2; ++i) threads.emplace_back([this] { io.run(); });
    }

    void TearDown() override {
        work.reset();
        io.stop();
        for (auto& t : threads) t.join();
    }

    static http::Request get(std::string path) {
        http::Request request;
        request.target = path;
        request.path = std::move(path);
        request.remote_address = "10.0.0.5";
        return request;
    }

    // Awaited from a strand, as the portal's connections are.
    http::Response call(std::string path, std::chrono::milliseconds timeout) {
        auto request = get(std::move(path));
        return asio::co_spawn(asio::make_strand(io), call_in_process(server, std::move(request), timeout),
                              asio::use_future)
            .get();
    }
};

TEST_F(InProcessCallTest, ReturnsTheServicesAnswer) {
    const auto answer = call("/fast", 1s);
    EXPECT_EQ(answer.status, 200);
    EXPECT_EQ(answer.body, "peer 10.0.0.5");
    EXPECT_EQ(call("/missing", 1s).status, 404);
}

TEST_F(InProcessCallTest, PastTheDeadlineTheCallerGets504AndTheHandlerStillFinishes) {
    try {
        call("/slow", 50ms);
        FAIL() << "expected a timeout";
    } catch (const AppError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Timeout);
        EXPECT_EQ(e.code(), errc::kTimeout);
    }
    for (int i = 0; i < 200 && slow_finished == 0; ++i) std::this_thread::sleep_for(10ms);
    EXPECT_EQ(slow_finished, 1);  // the handler was not interrupted
    EXPECT_EQ(call("/slow", 2s).status, 200);
}

}  // namespace
}  // namespace bh::portal
