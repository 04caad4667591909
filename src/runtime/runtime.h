#pragma once
// The process: N I/O threads, each running an io_context of its own (a request's connection, its
// database connections and its waits stay on one thread: no hand-off between threads on a request's
// path), the services it hosts, and the shutdown sequence (SIGTERM/SIGINT → stop every service in
// reverse start order within runtime.shutdown_timeout).
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/config.h"
#include "core/io_shards.h"
#include "http/metrics.h"
#include "runtime/service.h"
#include "runtime/settings.h"

namespace bh::bus {
class Producer;
}
namespace bh::redis {
class Client;
}
namespace bh::http {
class Server;
}

namespace bh::runtime {

class Runtime {
  public:
    explicit Runtime(const Config& config);
    ~Runtime();

    // The first I/O thread's io_context: signals, start and stop, background work (consumers, relays,
    // timers, shared clients).
    boost::asio::io_context& io() { return *io_.front(); }
    // Every I/O thread's executor (io() first): HTTP servers spread connections over them and pools
    // keep a share of connections on each.
    const IoShards& shards() const { return shards_; }
    // The loaded configuration, for a service to read its own declared settings from.
    const Config& config() const { return config_; }
    // What every service shares, read once (runtime/settings.h).
    const RuntimeSettings& settings() const { return settings_; }
    http::Metrics& metrics() { return metrics_; }

    void add(std::unique_ptr<Service> service);

    // Clients shared by every service of the process, created on first use: one Kafka producer
    // (flushed at shutdown, after the services stopped) and one Redis connection.
    bus::Producer& producer();
    redis::Client& redis();
    // The HTTP servers of this process by service name, while they serve: a colocated caller (the
    // portal of `serve --target all`) hands requests to them directly instead of over loopback.
    void publish_server(const std::string& service, std::shared_ptr<http::Server> server);
    void withdraw_server(const std::string& service);
    std::shared_ptr<http::Server> local_server(std::string_view service) const;
    // A small pool for blocking calls (see runtime/offload.h).
    boost::asio::thread_pool& blocking_pool() { return blocking_pool_; }
    // Starts every service, then blocks until a signal (or request_stop) and a clean shutdown.
    // Returns the process exit code.
    int run();
    void request_stop();

  private:
    boost::asio::awaitable<void> start_all();
    boost::asio::awaitable<void> stop_all();
    void wait_for_signal(boost::asio::signal_set& signals);

    const Config& config_;
    const RuntimeSettings settings_;
    std::vector<std::unique_ptr<boost::asio::io_context>> io_;  // one per I/O thread
    IoShards shards_;
    boost::asio::thread_pool blocking_pool_{1};
    http::Metrics metrics_;
    std::vector<std::unique_ptr<Service>> services_;
    std::mutex clients_mutex_;
    std::unique_ptr<bus::Producer> producer_;
    std::unique_ptr<redis::Client> redis_;
    mutable std::mutex servers_mutex_;
    std::unordered_map<std::string, std::shared_ptr<http::Server>> servers_;
    std::size_t started_ = 0;
    int exit_code_ = 0;
    std::atomic<bool> stopping_{false};
};

}  // namespace bh::runtime
