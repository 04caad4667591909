#include "runtime/pool_metrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>

namespace bh::runtime {

void register_pool_metrics(http::Metrics& metrics, const std::string& service, const db::Pool& pool) {
    auto& registry = metrics.registry();
    auto& connections = prometheus::BuildGauge()
                            .Name("db_pool_connections")
                            .Help("Database pool connections by state")
                            .Register(registry);
    auto& waiting = prometheus::BuildGauge()
                        .Name("db_pool_waiting")
                        .Help("Requests queued for a database connection")
                        .Register(registry);
    auto& timeouts = prometheus::BuildGauge()
                         .Name("db_pool_acquire_timeouts")
                         .Help("Requests that gave up waiting for a connection (since start)")
                         .Register(registry);
    auto* size = &connections.Add({{"service", service}, {"state", "max"}});
    auto* idle = &connections.Add({{"service", service}, {"state", "idle"}});
    auto* in_use = &connections.Add({{"service", service}, {"state", "in_use"}});
    auto* queued = &waiting.Add({{"service", service}});
    auto* timed_out = &timeouts.Add({{"service", service}});
    metrics.on_scrape([&pool, size, idle, in_use, queued, timed_out] {
        const auto stats = pool.stats();
        size->Set(static_cast<double>(stats.size));
        idle->Set(static_cast<double>(stats.idle));
        in_use->Set(static_cast<double>(stats.in_use));
        queued->Set(static_cast<double>(stats.waiting));
        timed_out->Set(static_cast<double>(stats.timeouts_total));
    });
}

}  // namespace bh::runtime
