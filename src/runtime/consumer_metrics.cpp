#include "runtime/consumer_metrics.h"

#include <prometheus/gauge.h>

namespace bh::runtime {

void register_consumer_metrics(http::Metrics& metrics, const std::string& service, const std::string& group,
                               const bus::Consumer& consumer) {
    auto& registry = metrics.registry();
    auto& lag = prometheus::BuildGauge()
                    .Name("kafka_consumer_lag")
                    .Help("Messages behind the partition's high watermark, per consumer group and partition")
                    .Register(registry);
    auto& counts = prometheus::BuildGauge()
                       .Name("kafka_consumer_messages")
                       .Help("Consumer message counts since start, by outcome")
                       .Register(registry);
    const prometheus::Labels base{{"service", service}, {"group", group}};
    auto with = [&base](std::string key, std::string value) {
        auto labels = base;
        labels.emplace(std::move(key), std::move(value));
        return labels;
    };
    auto* received = &counts.Add(with("outcome", "received"));
    auto* processed = &counts.Add(with("outcome", "processed"));
    auto* retried = &counts.Add(with("outcome", "retried"));
    auto* dead = &counts.Add(with("outcome", "dead_lettered"));
    metrics.on_scrape([&consumer, &lag, base, received, processed, retried, dead] {
        const auto stats = consumer.stats();
        received->Set(static_cast<double>(stats.received));
        processed->Set(static_cast<double>(stats.processed));
        retried->Set(static_cast<double>(stats.retries));
        dead->Set(static_cast<double>(stats.dead_lettered));
        for (const auto& partition : consumer.lag()) {
            if (partition.lag < 0) continue;
            auto labels = base;
            labels.emplace("topic", partition.topic);
            labels.emplace("partition", std::to_string(partition.partition));
            lag.Add(labels).Set(static_cast<double>(partition.lag));
        }
    });
}

}  // namespace bh::runtime
