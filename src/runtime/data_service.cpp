#include "runtime/data_service.h"

#include <spdlog/spdlog.h>

#include "bus/producer.h"
#include "core/error.h"
#include "redis/client.h"
#include "runtime/consumer_metrics.h"
#include "runtime/database.h"
#include "runtime/offload.h"
#include "runtime/pool_metrics.h"

namespace bh::runtime {

DataService::DataService(Runtime& runtime, std::string name, std::uint16_t port,
                         std::span<const db::Migration> migrations, ServiceNeeds needs)
    : HttpService(runtime, std::move(name), port), migrations_(migrations), needs_(needs) {}

DataService::~DataService() = default;

void DataService::consume(std::string group, std::vector<std::string> topics,
                          bus::Consumer::Handler handler) {
    bus::ConsumerOptions options;
    const auto& kafka = runtime().settings().kafka;
    options.client = kafka.client;
    options.group_id = kafka.topic_prefix + group;
    options.topics = std::move(topics);
    consumers_.push_back(std::make_unique<bus::Consumer>(runtime().io().get_executor(), options,
                                                         std::move(handler), runtime().producer()));
    consumers_.back()->start();
}

boost::asio::awaitable<void> DataService::on_start() {
    auto& rt = runtime();
    const std::string service(name());
    const auto& postgres = rt.settings().postgres;
    if (postgres.migrate_on_start) {
        co_await prepare_database(rt.io().get_executor(), postgres, service, migrations_);
    }
    pool_ = std::make_unique<db::Pool>(rt.shards(), db::pool_options(postgres, service));

    health().add_check({"postgres", [this]() -> boost::asio::awaitable<void> {
                            const bool reachable = co_await pool_->ping();
                            if (!reachable) throw unavailable("database not reachable");
                        }});
    health().add_check({"kafka", [this]() -> boost::asio::awaitable<void> { co_await probe_kafka(); }});
    if (needs_.redis) {
        auto& redis = rt.redis();
        health().add_check({"redis", [&redis]() -> boost::asio::awaitable<void> { co_await redis.ping(); }});
    }
    register_pool_metrics(rt.metrics(), service, *pool_);

    outbox::RelayOptions relay_options;
    relay_options.name = service;
    relay_options.batch = rt.settings().kafka.outbox_batch;
    relay_options.poll_interval = rt.settings().kafka.outbox_poll_interval;
    relay_ = std::make_unique<outbox::Relay>(rt.io().get_executor(), *pool_, rt.producer(), relay_options);
    relay_->start();
    co_await on_started();
}

boost::asio::awaitable<void> DataService::probe_kafka() {
    auto& producer = runtime().producer();
    const bool reachable = co_await offload<bool>(runtime().blocking_pool(), [&producer] {
        return producer.brokers_reachable(std::chrono::milliseconds(1500));
    });
    if (!reachable) throw unavailable("Kafka not reachable");
}

boost::asio::awaitable<void> DataService::on_stop(std::chrono::milliseconds grace) {
    const auto deadline = std::chrono::steady_clock::now() + grace;
    const auto left = [&] {
        return std::max(std::chrono::duration_cast<std::chrono::milliseconds>(
                            deadline - std::chrono::steady_clock::now()),
                        std::chrono::milliseconds(1));
    };
    co_await on_stopping(left());
    for (auto& consumer : consumers_) co_await consumer->stop();
    if (relay_) co_await relay_->stop(left());
}

}  // namespace bh::runtime
