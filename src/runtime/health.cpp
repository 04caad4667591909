#include "runtime/health.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "core/address_list.h"
#include "core/error.h"

namespace bh::runtime {

namespace asio = boost::asio;

void Health::register_routes(http::Router& router, http::Metrics& metrics, std::string service,
                             std::vector<std::string> metrics_allow) {
    router.add(http::Method::Get, "/healthz", [service](http::Request&) -> asio::awaitable<http::Response> {
        co_return http::Response::json(200, {{"status", "UP"}, {"service", service}});
    });
    router.add(http::Method::Get, "/readyz",
               [this](http::Request&) -> asio::awaitable<http::Response> { co_return co_await readiness(); });
    const bool anyone = std::find(metrics_allow.begin(), metrics_allow.end(), "*") != metrics_allow.end();
    router.add(http::Method::Get, "/metrics",
               [&metrics, anyone,
                allow = std::move(metrics_allow)](http::Request& request) -> asio::awaitable<http::Response> {
                   if (!anyone && !address_listed(request.remote_address, allow)) {
                       throw AppError(ErrorKind::Forbidden, "METRICS_ACCESS_DENIED",
                                      "Metrics are not served to this address");
                   }
                   co_return http::Response::text(200, metrics.render(),
                                                  "text/plain; version=0.0.4; charset=utf-8");
               });
}

asio::awaitable<http::Response> Health::readiness() {
    boost::json::object checks;
    bool ready = true;
    auto executor = co_await asio::this_coro::executor;
    for (const auto& check : checks_) {
        std::string state = "UP";
        // The first of (probe finishes, deadline passes) wins; the other is cancelled.
        asio::steady_timer deadline(executor, probe_deadline_);
        auto [order, failure, timer_ec] =
            co_await asio::experimental::make_parallel_group(
                asio::co_spawn(executor, check.probe(), asio::deferred), deadline.async_wait(asio::deferred))
                .async_wait(asio::experimental::wait_for_one(), asio::use_awaitable);
        if (order[0] == 1) {
            state = "DOWN: no answer within deadline";
        } else if (failure) {
            try {
                std::rethrow_exception(failure);
            } catch (const AppError& e) {
                state = "DOWN: " + e.public_message();  // the detail may name hosts: log only
                spdlog::warn("readiness {}: {}", check.name, e.what());
            } catch (const std::exception& e) {
                state = "DOWN";
                spdlog::warn("readiness {}: {}", check.name, e.what());
            }
        }
        if (state != "UP") ready = false;
        checks[check.name] = state;
    }
    co_return http::Response::json(ready ? 200 : 503,
                                   {{"status", ready ? "UP" : "DOWN"}, {"checks", checks}});
}

}  // namespace bh::runtime
