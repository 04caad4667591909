// The server and the client against each other on loopback: on one io_context run by two threads, and
// on two single-threaded io_contexts as the Runtime runs them.
#include "http/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>
#include <future>
#include <thread>

#include "core/error.h"
#include "core/io_shards.h"
#include "http/client.h"

namespace asio = boost::asio;
using namespace bh::http;
using namespace std::chrono_literals;

namespace {

// The two ways the server and the client run. Pooled: one io_context run by two threads, so connections
// are strands (a test's pool, IoShards' Unknown). Sharded: two io_context(1)s each on its thread, as
// the Runtime runs them, so connections live on their shard with no strand and the client drives an
// exchange in the calling coroutine.
enum class Threads { Pooled, Sharded };

std::string threads_name(const ::testing::TestParamInfo<Threads>& info) {
    return info.param == Threads::Pooled ? "Pooled" : "Sharded";
}

class ServerTest : public ::testing::TestWithParam<Threads> {
  protected:
    std::vector<std::unique_ptr<asio::io_context>> contexts;
    std::optional<bh::IoShards> shards;
    Metrics metrics;
    std::unique_ptr<Server> server;
    std::unique_ptr<Client> client;
    std::vector<std::thread> threads;
    std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work;
    std::atomic<int> slow_started{0};

    // Where the test's own coroutines run: on the (first) shard, as a request's work does.
    asio::io_context& io() { return *contexts.front(); }

    template <class F>
    auto run(F&& f) {
        return asio::co_spawn(io(), std::forward<F>(f), asio::use_future).get();
    }

    void start(ServerOptions options = {}) {
        Router router;
        router.add(Method::Get, "/hello/{name}", [](Request& r) -> asio::awaitable<Response> {
            co_return Response::json(
                200, {{"hello", r.path_param("name")}, {"q", r.query_param("q").value_or("")}});
        });
        router.add(Method::Post, "/echo",
                   [](Request& r) -> asio::awaitable<Response> { co_return Response::text(200, r.body); });
        router.add(Method::Get, "/conflict", [](Request&) -> asio::awaitable<Response> {
            throw bh::conflict("Already there", "THING_ALREADY_EXISTS");
            co_return Response{};
        });
        router.add(Method::Get, "/boom", [](Request&) -> asio::awaitable<Response> {
            throw std::runtime_error("secret SQL detail");
            co_return Response{};
        });
        router.add(Method::Get, "/slow", [this](Request&) -> asio::awaitable<Response> {
            ++slow_started;
            asio::steady_timer timer(co_await asio::this_coro::executor, 300ms);
            co_await timer.async_wait(asio::use_awaitable);
            co_return Response::text(200, "done");
        });
        options.service = "test";
        options.access_log = false;
        if (GetParam() == Threads::Pooled) {
            contexts.push_back(std::make_unique<asio::io_context>(2));
            shards.emplace(contexts[0]->get_executor());
        } else {
            contexts.push_back(std::make_unique<asio::io_context>(1));
            contexts.push_back(std::make_unique<asio::io_context>(1));
            shards.emplace(
                std::vector<asio::any_io_executor>{contexts[0]->get_executor(), contexts[1]->get_executor()},
                bh::ShardThreads::OnePerExecutor);
        }
        server = std::make_unique<Server>(*shards, options, std::move(router), metrics);
        server->start();
        client = std::make_unique<Client>(*shards);
        for (auto& context : contexts) work.push_back(asio::make_work_guard(*context));
        for (int i = 0; i < 2; ++i) {
            auto& context = *contexts[static_cast<std::size_t>(i) % contexts.size()];
            threads.emplace_back([&context] { context.run(); });
        }
    }

    void TearDown() override {
        if (server) run([&]() -> asio::awaitable<void> { co_await server->stop(1s); });
        client.reset();
        work.clear();
        for (auto& context : contexts) context->stop();
        for (auto& t : threads) t.join();
    }

    std::string url(const std::string& path) {
        return "http://127.0.0.1:" + std::to_string(server->port()) + path;
    }

    ClientResponse send(ClientRequest request) {
        return run([&]() -> asio::awaitable<ClientResponse> { co_return co_await client->send(request); });
    }

    // Writes raw bytes and returns everything the server answers before closing.
    std::string raw(const std::string& bytes) {
        asio::io_context local;
        asio::ip::tcp::socket socket(local);
        socket.connect({asio::ip::make_address("127.0.0.1"), server->port()});
        asio::write(socket, asio::buffer(bytes));
        std::string answer;
        boost::system::error_code ec;
        asio::read(socket, asio::dynamic_buffer(answer), ec);
        return answer;
    }
};

boost::json::object body_of(const ClientResponse& r) {
    return boost::json::parse(r.body).as_object();
}

}  // namespace

TEST_P(ServerTest, RoutesWithParamsQueryAndTracing) {
    start();
    const std::string trace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    auto r = send(
        {.url = url("/hello/ana?q=x%20y"), .headers = {{"x-request-id", "rid-1"}, {"traceparent", trace}}});
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(body_of(r).at("hello").as_string(), "ana");
    EXPECT_EQ(body_of(r).at("q").as_string(), "x y");
    EXPECT_EQ(r.header("x-request-id"), "rid-1");
    EXPECT_EQ(r.header("traceparent").substr(0, 36), trace.substr(0, 36));
    EXPECT_EQ(r.header("content-type"), "application/json");
}

TEST_P(ServerTest, ErrorsUseTheContractBody) {
    start();
    auto r = send({.url = url("/nope")});
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(body_of(r).at("status").as_int64(), 404);
    EXPECT_EQ(body_of(r).at("errorCode").as_string(), "NOT_FOUND");

    r = send({.url = url("/conflict")});
    EXPECT_EQ(r.status, 409);
    EXPECT_EQ(body_of(r).at("errorCode").as_string(), "THING_ALREADY_EXISTS");
    EXPECT_EQ(body_of(r).at("message").as_string(), "Already there");

    r = send({.url = url("/boom")});
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(r.body.find("secret"), std::string::npos);
    EXPECT_EQ(body_of(r).at("errorCode").as_string(), "GENERIC_MESSAGE");

    r = send({.method = Method::Delete, .url = url("/echo")});
    EXPECT_EQ(r.status, 405);
    EXPECT_EQ(r.header("allow"), "POST");
    EXPECT_EQ(body_of(r).at("status").as_int64(), 405);  // the body's status is the answer's
    EXPECT_EQ(body_of(r).at("errorCode").as_string(), "METHOD_NOT_ALLOWED");
}

TEST_P(ServerTest, KeepAliveReusesOneConnection) {
    start();
    for (int i = 0; i < 20; ++i) EXPECT_EQ(send({.url = url("/hello/x")}).status, 200);
    EXPECT_EQ(client->idle_connections(), 1u);
    EXPECT_EQ(server->open_connections(), 1u);
}

TEST_P(ServerTest, BodyAndHeaderLimits) {
    start({.max_body_bytes = 1024, .max_header_bytes = 1024});
    EXPECT_EQ(send({.method = Method::Post, .url = url("/echo"), .body = std::string(1000, 'a')}).status,
              200);
    auto big = send({.method = Method::Post, .url = url("/echo"), .body = std::string(5000, 'a')});
    EXPECT_EQ(big.status, 413);
    EXPECT_EQ(body_of(big).at("errorCode").as_string(), "PAYLOAD_TOO_LARGE");
    auto head = send({.url = url("/hello/x"), .headers = {{"x-big", std::string(4000, 'h')}}});
    EXPECT_EQ(head.status, 431);
}

// A client that sends its whole 16 MiB body before reading (as most do) still reads the 413: the server
// drains what it refused instead of resetting the connection under the client's feet.
TEST_P(ServerTest, ABodyFarOverTheLimitIsAnswered413WhileTheClientIsStillSending) {
    start({.max_body_bytes = 1 << 20});
    const std::size_t size = 16u << 20;
    const auto answer =
        raw("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: " +
            std::to_string(size) + "\r\n\r\n" + std::string(size, 'a'));
    ASSERT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer.substr(0, 200);
    EXPECT_NE(answer.find("PAYLOAD_TOO_LARGE"), std::string::npos);
    EXPECT_NE(answer.find("Connection: close"), std::string::npos);
}

TEST_P(ServerTest, MalformedRequestsGet400AndClose) {
    start();
    EXPECT_NE(raw("NOT HTTP AT ALL\r\n\r\n").find("400"), std::string::npos);
}

TEST_P(ServerTest, SlowClientIsCutOffByReadDeadline) {
    start({.read_timeout = 200ms, .idle_timeout = 200ms});
    const auto started = std::chrono::steady_clock::now();
    const auto answer = raw("GET /hello/x HTTP/1.1\r\nHost: a\r\n");  // never finishes its head
    EXPECT_TRUE(answer.empty());
    EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
}

TEST_P(ServerTest, ClientDeadlineBecomesTimeout) {
    start();
    try {
        send({.url = url("/slow"), .timeout = 50ms});
        FAIL() << "expected a timeout";
    } catch (const bh::AppError& e) {
        EXPECT_EQ(e.kind(), bh::ErrorKind::Timeout);
    }
}

TEST_P(ServerTest, StopDrainsInFlightRequestsAndRefusesNewOnes) {
    start();
    auto slow = asio::co_spawn(io(), client->send({.url = url("/slow")}), asio::use_future);
    std::this_thread::sleep_for(50ms);
    const auto port = server->port();
    run([&]() -> asio::awaitable<void> { co_await server->stop(2s); });
    EXPECT_EQ(slow.get().status, 200);
    EXPECT_EQ(server->open_connections(), 0u);
    asio::io_context local;
    asio::ip::tcp::socket socket(local);
    boost::system::error_code ec;
    socket.connect({asio::ip::make_address("127.0.0.1"), port}, ec);
    EXPECT_TRUE(ec);
    server.reset();
}

TEST_P(ServerTest, AGetSurvivesEveryPooledConnectionGoingStale) {
    start();
    // Four requests at once leave four pooled keep-alive connections behind.
    std::vector<std::future<ClientResponse>> parallel;
    parallel.reserve(4);
    for (int i = 0; i < 4; ++i) {
        parallel.push_back(asio::co_spawn(io(), client->send({.url = url("/slow")}), asio::use_future));
    }
    for (auto& f : parallel) EXPECT_EQ(f.get().status, 200);
    ASSERT_GE(client->idle_connections(), 2u);
    const auto port = server->port();
    run([&]() -> asio::awaitable<void> { co_await server->stop(1s); });  // closes every pooled connection
    Router router;
    router.add(Method::Get, "/again",
               [](Request&) -> asio::awaitable<Response> { co_return Response::text(200, "fresh"); });
    server = std::make_unique<Server>(*shards, ServerOptions{.port = port, .access_log = false},
                                      std::move(router), metrics);
    server->start();
    const auto response = send({.url = "http://127.0.0.1:" + std::to_string(port) + "/again"});
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, "fresh");
}

TEST_P(ServerTest, MetricsCountRequestsPerRoute) {
    start();
    send({.url = url("/hello/x")});
    send({.url = url("/boom")});
    const auto text = metrics.render();
    EXPECT_NE(
        text.find(R"(http_requests_total{method="GET",route="/hello/{name}",service="test",status="2xx"} 1)"),
        std::string::npos)
        << text;
    EXPECT_NE(text.find(R"(route="/boom",service="test",status="5xx"} 1)"), std::string::npos);
    EXPECT_NE(text.find("http_request_duration_seconds_bucket"), std::string::npos);
}

// Server::handle: the colocated caller's way in (the portal of `serve --target all`).
namespace {

Request in_process(Method method, const std::string& target, std::string body = {}) {
    Request request;
    request.method = method;
    request.target = target;
    const auto query = target.find('?');
    request.path = target.substr(0, query);
    request.query = query == std::string::npos ? "" : target.substr(query + 1);
    request.headers = {{"x-request-id", "rid-in-process"}};
    request.body = std::move(body);
    request.remote_address = "127.0.0.1";
    return request;
}

boost::json::object body_of(const Response& r) {
    return boost::json::parse(r.body).as_object();
}

}  // namespace

TEST_P(ServerTest, InProcessRequestsAreRoutedAndAnsweredLikeWireOnes) {
    start({.max_body_bytes = 1024});
    auto answer = [&](Request request) {
        return run([&]() -> asio::awaitable<Response> { co_return co_await server->handle(request); });
    };
    auto hello = answer(in_process(Method::Get, "/hello/ana?q=x%20y"));
    EXPECT_EQ(hello.status, 200);
    EXPECT_EQ(body_of(hello).at("hello").as_string(), "ana");
    EXPECT_EQ(body_of(hello).at("q").as_string(), "x y");

    auto missing = answer(in_process(Method::Get, "/nope"));
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(body_of(missing).at("errorCode").as_string(), "NOT_FOUND");
    auto conflict = answer(in_process(Method::Get, "/conflict"));
    EXPECT_EQ(conflict.status, 409);
    EXPECT_EQ(body_of(conflict).at("errorCode").as_string(), "THING_ALREADY_EXISTS");
    auto boom = answer(in_process(Method::Get, "/boom"));
    EXPECT_EQ(boom.status, 500);
    EXPECT_EQ(boom.body.find("secret"), std::string::npos);
    auto wrong_method = answer(in_process(Method::Delete, "/echo"));
    EXPECT_EQ(wrong_method.status, 405);
    EXPECT_EQ(body_of(wrong_method).at("status").as_int64(), 405);

    // The body limit holds even though no parser saw the bytes.
    EXPECT_EQ(answer(in_process(Method::Post, "/echo", std::string(1000, 'a'))).status, 200);
    auto big = answer(in_process(Method::Post, "/echo", std::string(5000, 'a')));
    EXPECT_EQ(big.status, 413);
    EXPECT_EQ(body_of(big).at("errorCode").as_string(), "PAYLOAD_TOO_LARGE");
}

TEST_P(ServerTest, StopWaitsForInProcessCallsAndThenRefusesThem) {
    start();
    auto slow_request = in_process(Method::Get, "/slow");
    auto slow = asio::co_spawn(io(), server->handle(slow_request), asio::use_future);
    while (slow_started == 0) std::this_thread::sleep_for(1ms);  // stop() must find it running
    const auto stop_started = std::chrono::steady_clock::now();
    run([&]() -> asio::awaitable<void> { co_await server->stop(2s); });
    EXPECT_GE(std::chrono::steady_clock::now() - stop_started, 150ms);  // waited for /slow (300 ms)
    EXPECT_EQ(slow.get().status, 200);
    auto late = in_process(Method::Get, "/hello/x");
    auto refused = run([&]() -> asio::awaitable<Response> { co_return co_await server->handle(late); });
    EXPECT_EQ(refused.status, 503);
    server.reset();
}

// Two I/O threads with an io_context each (what the runtime runs): the server serves its connections on
// each in turn, and the client keeps a connection on the thread of the request that opened it.
INSTANTIATE_TEST_SUITE_P(Threads, ServerTest, ::testing::Values(Threads::Pooled, Threads::Sharded),
                         threads_name);

TEST(ServerOnShards, ConnectionsAreServedOnEachThreadInTurnAndClientConnectionsStayOnTheirs) {
    asio::io_context first(1), second(1);
    const std::vector<const asio::execution_context*> contexts{&first, &second};
    std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards{
        asio::make_work_guard(first), asio::make_work_guard(second)};
    std::vector<std::thread> threads;
    threads.emplace_back([&first] { first.run(); });
    threads.emplace_back([&second] { second.run(); });
    const bh::IoShards shards({first.get_executor(), second.get_executor()},
                              bh::ShardThreads::OnePerExecutor);

    Router router;
    router.add(Method::Get, "/where", [&contexts](Request&) -> asio::awaitable<Response> {
        const auto* context = &asio::query(co_await asio::this_coro::executor, asio::execution::context);
        co_return Response::text(200, context == contexts[0]   ? "first"
                                      : context == contexts[1] ? "second"
                                                               : "?");
    });
    Metrics metrics;
    auto server = std::make_unique<Server>(shards, ServerOptions{.service = "test", .access_log = false},
                                           std::move(router), metrics);
    server->start();
    Client client(shards);
    const std::string url = "http://127.0.0.1:" + std::to_string(server->port()) + "/where";
    auto send_from = [&](asio::io_context& context) {
        return asio::co_spawn(
                   context,
                   [&]() -> asio::awaitable<std::string> {
                       ClientRequest request{.url = url};  // (g++ 12: not a temporary inside co_await)
                       const ClientResponse response = co_await client.send(std::move(request));
                       co_return response.body;
                   }(),
                   asio::use_future)
            .get();
    };

    // A new connection per request: the server alternates threads.
    std::vector<std::string> served;
    for (int i = 0; i < 4; ++i) {
        asio::io_context local;
        asio::ip::tcp::socket socket(local);
        socket.connect({asio::ip::make_address("127.0.0.1"), server->port()});
        asio::write(socket,
                    asio::buffer(std::string("GET /where HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")));
        std::string answer;
        boost::system::error_code ec;
        asio::read(socket, asio::dynamic_buffer(answer), ec);
        served.push_back(answer.substr(answer.rfind("\r\n\r\n") + 4));
    }
    EXPECT_TRUE((served == std::vector<std::string>{"first", "second", "first", "second"}) ||
                (served == std::vector<std::string>{"second", "first", "second", "first"}))
        << served[0] << " " << served[1] << " " << served[2] << " " << served[3];
    EXPECT_EQ(client.idle_connections(), 0u);

    // Keep-alive: one idle connection per calling thread, neither reused by the other thread.
    EXPECT_NE(send_from(first), "?");
    EXPECT_NE(send_from(first), "?");
    EXPECT_EQ(client.idle_connections(), 1u);
    EXPECT_NE(send_from(second), "?");
    EXPECT_EQ(client.idle_connections(), 2u);
    EXPECT_NE(send_from(second), "?");
    EXPECT_EQ(client.idle_connections(), 2u);

    asio::co_spawn(first, server->stop(std::chrono::seconds(1)), asio::use_future).get();
    server.reset();
    guards.clear();
    for (auto& thread : threads) thread.join();
}
