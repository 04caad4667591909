#pragma once
// A service with its own database: at start its database is created and migrated (when
// postgres.migrate_on_start), its pool opened, its outbox relay started, and its readiness checks
// (postgres, kafka, and redis when it uses it) registered. On stop: consumers drain, the relay
// finishes its batch.
#include <memory>
#include <span>
#include <vector>

#include "bus/consumer.h"
#include "db/migration.h"
#include "db/pool.h"
#include "outbox/relay.h"
#include "runtime/http_service.h"

namespace bh::runtime {

struct ServiceNeeds {
    bool redis = false;
};

class DataService : public HttpService {
  public:
    DataService(Runtime& runtime, std::string name, std::uint16_t port,
                std::span<const db::Migration> migrations, ServiceNeeds needs = {});
    ~DataService() override;

  protected:
    db::Pool& db() { return *pool_; }
    // Starts a consumer of `topics` in group `group`, named with kafka.topic_prefix in front like the
    // topics (deployments sharing one cluster must not share groups: a group spanning them would
    // rebalance whenever any of them starts or stops); it is drained and closed on stop, and its lag
    // is exported on /metrics.
    void consume(std::string group, std::vector<std::string> topics, bus::Consumer::Handler handler);
    // Hooks for the concrete service, after the platform part started / before it stops.
    virtual boost::asio::awaitable<void> on_started() { co_return; }
    virtual boost::asio::awaitable<void> on_stopping(std::chrono::milliseconds /*grace*/) { co_return; }

  private:
    boost::asio::awaitable<void> on_start() final;
    boost::asio::awaitable<void> on_stop(std::chrono::milliseconds grace) final;
    boost::asio::awaitable<void> probe_kafka();

    std::span<const db::Migration> migrations_;
    ServiceNeeds needs_;
    std::unique_ptr<db::Pool> pool_;
    std::unique_ptr<outbox::Relay> relay_;
    std::vector<std::unique_ptr<bus::Consumer>> consumers_;
};

}  // namespace bh::runtime
