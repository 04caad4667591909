#pragma once
// /healthz (the process is alive), /readyz (every dependency answers within its deadline) and
// /metrics (Prometheus text) — the same three routes on every service.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "http/metrics.h"
#include "http/router.h"

namespace bh::runtime {

struct ReadinessCheck {
    std::string name;                                     // "postgres", "redis", "kafka", ...
    std::function<boost::asio::awaitable<void>()> probe;  // throws when not ready
};

class Health {
  public:
    explicit Health(std::chrono::milliseconds probe_deadline = std::chrono::seconds(2))
        : probe_deadline_(probe_deadline) {}
    void add_check(ReadinessCheck check) { checks_.push_back(std::move(check)); }
    // Registers GET /healthz, /readyz and /metrics on the router. /metrics answers only the peers
    // in `metrics_allow` ("*" = anyone): the portal's port is public.
    void register_routes(http::Router& router, http::Metrics& metrics, std::string service,
                         std::vector<std::string> metrics_allow = {"*"});

  private:
    boost::asio::awaitable<http::Response> readiness();
    std::chrono::milliseconds probe_deadline_;
    std::vector<ReadinessCheck> checks_;
};

}  // namespace bh::runtime
