#pragma once
// Exports a database pool's use on /metrics (refreshed at scrape time).
#include <string>

#include "db/pool.h"
#include "http/metrics.h"

namespace bh::runtime {

void register_pool_metrics(http::Metrics& metrics, const std::string& service, const db::Pool& pool);

}  // namespace bh::runtime
