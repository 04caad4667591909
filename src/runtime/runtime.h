#pragma once
// The process: one io_context run by N threads, the services it hosts, and the shutdown sequence
// (SIGTERM/SIGINT → stop every service in reverse start order within runtime.shutdown_timeout).
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <memory>
#include <string>
#include <vector>

#include "core/config.h"
#include "http/metrics.h"
#include "runtime/service.h"

namespace bh::runtime {

class Runtime {
  public:
    explicit Runtime(const Config& config);
    ~Runtime();

    boost::asio::io_context& io() { return io_; }
    const Config& config() const { return config_; }
    http::Metrics& metrics() { return metrics_; }

    void add(std::unique_ptr<Service> service);
    // Starts every service, then blocks until a signal (or request_stop) and a clean shutdown.
    // Returns the process exit code.
    int run();
    void request_stop();

  private:
    boost::asio::awaitable<void> start_all();
    boost::asio::awaitable<void> stop_all();
    void wait_for_signal(boost::asio::signal_set& signals);

    const Config& config_;
    boost::asio::io_context io_;
    http::Metrics metrics_;
    std::vector<std::unique_ptr<Service>> services_;
    std::size_t started_ = 0;
    int exit_code_ = 0;
    std::atomic<bool> stopping_{false};
};

}  // namespace bh::runtime
