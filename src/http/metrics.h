#pragma once
// Prometheus metrics of one process (prometheus-cpp core). Every service registers its families
// here; GET /metrics renders them as text.
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace bh::http {

class Metrics {
  public:
    Metrics();
    prometheus::Registry& registry() { return *registry_; }

    // Per-request instruments, created once per (service, route, method) and cached by the caller.
    struct RouteInstruments {
        prometheus::Histogram* latency = nullptr;
        prometheus::Counter* by_status_class[5] = {};  // 1xx..5xx, created up front: no lookup per request
        void observe(int status, double seconds);
    };
    RouteInstruments route(const std::string& service, const std::string& route, const std::string& method);
    prometheus::Gauge& open_connections(const std::string& service);

    // Gauges refreshed at scrape time (pool use, consumer lag, ...).
    void on_scrape(std::function<void()> refresh);
    std::string render();

  private:
    std::shared_ptr<prometheus::Registry> registry_;
    prometheus::Family<prometheus::Histogram>* latency_;
    prometheus::Family<prometheus::Counter>* requests_;
    prometheus::Family<prometheus::Gauge>* connections_;
    std::mutex scrape_mutex_;
    std::vector<std::function<void()>> refreshers_;
};

}  // namespace bh::http
