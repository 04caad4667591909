#pragma once
// Exports a Kafka consumer's lag per partition and its counters on /metrics (refreshed at scrape).
#include <string>

#include "bus/consumer.h"
#include "http/metrics.h"

namespace bh::runtime {

void register_consumer_metrics(http::Metrics& metrics, const std::string& service, const std::string& group,
                               const bus::Consumer& consumer);

}  // namespace bh::runtime
