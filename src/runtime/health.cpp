#include "runtime/health.h"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "core/error.h"

namespace bh::runtime {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;

void Health::register_routes(http::Router& router, http::Metrics& metrics, std::string service) {
    router.add(http::Method::Get, "/healthz", [service](http::Request&) -> asio::awaitable<http::Response> {
        co_return http::Response::json(200, {{"status", "UP"}, {"service", service}});
    });
    router.add(http::Method::Get, "/readyz",
               [this](http::Request&) -> asio::awaitable<http::Response> { co_return co_await readiness(); });
    router.add(http::Method::Get, "/metrics", [&metrics](http::Request&) -> asio::awaitable<http::Response> {
        co_return http::Response::text(200, metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
    });
}

asio::awaitable<http::Response> Health::readiness() {
    boost::json::object checks;
    bool ready = true;
    auto executor = co_await asio::this_coro::executor;
    for (const auto& check : checks_) {
        std::string state = "UP";
        try {
            asio::steady_timer deadline(executor, probe_deadline_);
            auto outcome = co_await (check.probe() || deadline.async_wait(asio::use_awaitable));
            if (outcome.index() == 1) state = "DOWN: no answer within deadline";
        } catch (const AppError& e) {
            state = "DOWN: " + e.public_message();  // the detail may name hosts: log only
            spdlog::warn("readiness {}: {}", check.name, e.what());
        } catch (const std::exception& e) {
            state = "DOWN";
            spdlog::warn("readiness {}: {}", check.name, e.what());
        }
        if (state != "UP") ready = false;
        checks[check.name] = state;
    }
    co_return http::Response::json(ready ? 200 : 503,
                                   {{"status", ready ? "UP" : "DOWN"}, {"checks", checks}});
}

}  // namespace bh::runtime
