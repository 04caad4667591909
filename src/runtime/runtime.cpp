#include "runtime/runtime.h"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <csignal>
#include <thread>

#include "bus/producer.h"
#include "core/access_log.h"
#include "http/server.h"
#include "redis/client.h"
#include "redis/options.h"
#include "runtime/cpu_budget.h"

namespace bh::runtime {

namespace asio = boost::asio;

namespace {
int thread_count(const ProcessSettings& settings) {
    if (settings.threads > 0) return settings.threads;
    return static_cast<int>(usable_cpus());
}

std::vector<std::unique_ptr<asio::io_context>> io_contexts(int threads) {
    std::vector<std::unique_ptr<asio::io_context>> contexts;
    for (int i = 0; i < std::max(threads, 1); ++i) contexts.push_back(std::make_unique<asio::io_context>(1));
    return contexts;
}

std::vector<asio::any_io_executor> executors_of(const std::vector<std::unique_ptr<asio::io_context>>& io) {
    std::vector<asio::any_io_executor> executors;
    for (const auto& context : io) executors.emplace_back(context->get_executor());
    return executors;
}
}  // namespace

Runtime::Runtime(const Config& config)
    : config_(config),
      settings_(runtime_settings().read(config)),
      io_(io_contexts(thread_count(settings_.process))),
      shards_(executors_of(io_), ShardThreads::OnePerExecutor) {}

Runtime::~Runtime() = default;

bus::Producer& Runtime::producer() {
    std::lock_guard lock(clients_mutex_);
    if (!producer_) {
        bus::ProducerOptions options;
        options.client = settings_.kafka.client;
        producer_ = std::make_unique<bus::Producer>(options);
    }
    return *producer_;
}

redis::Client& Runtime::redis() {
    std::lock_guard lock(clients_mutex_);
    if (!redis_)
        redis_ = std::make_unique<redis::Client>(io().get_executor(), redis::client_options(settings_.redis));
    return *redis_;
}

void Runtime::publish_server(const std::string& service, std::shared_ptr<http::Server> server) {
    std::lock_guard lock(servers_mutex_);
    servers_[service] = std::move(server);
}

void Runtime::withdraw_server(const std::string& service) {
    std::lock_guard lock(servers_mutex_);
    servers_.erase(service);
}

std::shared_ptr<http::Server> Runtime::local_server(std::string_view service) const {
    std::lock_guard lock(servers_mutex_);
    const auto found = servers_.find(std::string(service));
    return found == servers_.end() ? nullptr : found->second;
}

void Runtime::add(std::unique_ptr<Service> service) {
    services_.push_back(std::move(service));
}

void Runtime::request_stop() {
    if (stopping_.exchange(true)) return;
    asio::co_spawn(io(), stop_all(), asio::detached);
}

asio::awaitable<void> Runtime::start_all() {
    try {
        for (auto& service : services_) {
            co_await service->start();
            ++started_;
            spdlog::info("{} started", service->name());
        }
        spdlog::info("ready: {} service(s) running", services_.size());
    } catch (const std::exception& e) {
        spdlog::critical("start-up failed: {}", e.what());
        exit_code_ = 1;
        request_stop();
    }
}

asio::awaitable<void> Runtime::stop_all() {
    const auto grace = settings_.process.shutdown_timeout;
    const auto deadline = std::chrono::steady_clock::now() + grace;
    spdlog::info("shutting down (grace {} ms)", grace.count());
    for (auto i = started_; i-- > 0;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                          std::chrono::steady_clock::now());
        try {
            co_await services_[i]->stop(std::max(left, std::chrono::milliseconds(1)));
            spdlog::info("{} stopped", services_[i]->name());
        } catch (const std::exception& e) {
            spdlog::error("{} did not stop cleanly: {}", services_[i]->name(), e.what());
            exit_code_ = 1;
        }
    }
    if (producer_) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                          std::chrono::steady_clock::now());
        const auto unsent = producer_->flush(std::max(left, std::chrono::milliseconds(100)));
        if (unsent > 0) spdlog::error("{} Kafka message(s) not delivered at shutdown", unsent);
    }
    redis_.reset();  // its socket belongs to io(): close it before the loop stops
    for (auto& context : io_) context->stop();
}

void Runtime::wait_for_signal(asio::signal_set& signals) {
    signals.async_wait([this, &signals](const boost::system::error_code& ec, int signal) {
        if (ec) return;
        if (stopping_) {
            // A second signal while draining means "now".
            spdlog::warn("second signal {}: exiting without waiting", signal);
            spdlog::default_logger()->flush();
            std::_Exit(128 + signal);
        }
        spdlog::info("received signal {}: draining", signal);
        request_stop();
        wait_for_signal(signals);
    });
}

int Runtime::run() {
    asio::signal_set signals(io(), SIGINT, SIGTERM);
    wait_for_signal(signals);
    asio::co_spawn(io(), start_all(), asio::detached);

    // The other threads' loops have no work until connections arrive: held open until stop_all.
    std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < io_.size(); ++i) {
        guards.push_back(asio::make_work_guard(*io_[i]));
        threads.emplace_back([context = io_[i].get()] { context->run(); });
    }
    io().run();
    for (auto& t : threads) t.join();
    AccessLog::flush();
    spdlog::default_logger()->flush();
    return exit_code_;
}

}  // namespace bh::runtime
