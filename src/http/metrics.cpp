#include "http/metrics.h"

#include <prometheus/text_serializer.h>

#include <sstream>

namespace bh::http {

namespace {
const prometheus::Histogram::BucketBoundaries& latency_buckets() {
    static const prometheus::Histogram::BucketBoundaries buckets{
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    return buckets;
}

const char* status_class(int status) {
    static const char* kClasses[] = {"1xx", "2xx", "3xx", "4xx", "5xx"};
    const int index = status / 100 - 1;
    return index >= 0 && index < 5 ? kClasses[index] : "other";
}
}  // namespace

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      latency_(&prometheus::BuildHistogram()
                    .Name("http_request_duration_seconds")
                    .Help("Time from request head to response written, per route")
                    .Register(*registry_)),
      requests_(&prometheus::BuildCounter()
                     .Name("http_requests_total")
                     .Help("Requests answered, per route and status class")
                     .Register(*registry_)),
      connections_(&prometheus::BuildGauge()
                        .Name("http_open_connections")
                        .Help("Open client connections per service")
                        .Register(*registry_)) {}

Metrics::RouteInstruments Metrics::route(const std::string& service, const std::string& route,
                                         const std::string& method) {
    RouteInstruments instruments;
    instruments.latency =
        &latency_->Add({{"service", service}, {"route", route}, {"method", method}}, latency_buckets());
    for (int i = 0; i < 5; ++i) {
        instruments.by_status_class[i] = &requests_->Add({{"service", service},
                                                          {"route", route},
                                                          {"method", method},
                                                          {"status", status_class((i + 1) * 100)}});
    }
    return instruments;
}

void Metrics::RouteInstruments::observe(int status, double seconds) {
    latency->Observe(seconds);
    const int index = status / 100 - 1;
    if (index >= 0 && index < 5) by_status_class[index]->Increment();
}

prometheus::Gauge& Metrics::open_connections(const std::string& service) {
    return connections_->Add({{"service", service}});
}

void Metrics::on_scrape(std::function<void()> refresh) {
    std::lock_guard lock(scrape_mutex_);
    refreshers_.push_back(std::move(refresh));
}

std::string Metrics::render() {
    {
        std::lock_guard lock(scrape_mutex_);
        for (auto& refresh : refreshers_) refresh();
    }
    std::ostringstream out;
    prometheus::TextSerializer().Serialize(out, registry_->Collect());
    return out.str();
}

}  // namespace bh::http
