#include "services/portal/in_process_call.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <optional>

#include "core/error.h"
#include "http/error_response.h"

namespace bh::portal {

namespace asio = boost::asio;

namespace {

struct Call {
    Call(std::shared_ptr<http::Server> s, http::Request r, const asio::any_io_executor& executor,
         std::chrono::milliseconds timeout)
        : server(std::move(s)), request(std::move(r)), deadline(executor, timeout) {}

    std::shared_ptr<http::Server> server;
    http::Request request;
    asio::steady_timer deadline;
    std::optional<http::Response> response;
};

asio::awaitable<void> run(std::shared_ptr<Call> call) {
    http::Response response;
    try {
        response = co_await call->server->handle(call->request);
    } catch (...) {  // handle() maps errors itself; this is for what escapes it (bad_alloc)
        response = http::error_response(std::current_exception(), call->request.request_id,
                                        http::error_format(call->request.header("accept")));
    }
    call->response = std::move(response);
    call->deadline.cancel();  // wakes the caller, if it still waits
}

}  // namespace

asio::awaitable<http::Response> call_in_process(std::shared_ptr<http::Server> server, http::Request request,
                                                std::chrono::milliseconds timeout) {
    const auto executor = co_await asio::this_coro::executor;
    // (A constructor, not a braced list: g++ 12 mishandles those inside coroutines.)
    auto call = std::make_shared<Call>(std::move(server), std::move(request), executor, timeout);
    asio::co_spawn(executor, run(call), asio::detached);
    // The same executor (a strand, or a shard's one thread): run() cannot finish between this check
    // and the wait starting.
    if (!call->response) co_await call->deadline.async_wait(asio::as_tuple(asio::use_awaitable));
    if (!call->response) {
        throw bh::timeout("Upstream service timed out", "in-process " + call->request.target);
    }
    co_return std::move(*call->response);
}

}  // namespace bh::portal
