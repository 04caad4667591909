// Kafka request/reply round trips (bus::RequestReply to a bus::Consumer that answers with
// bus::reply) against a real broker, at a given concurrency: what the seed's way of carrying a
// command costs (the payment service reserves funds this way; the seed also sent the portal's
// payment commands so). bench/request_reply.sh runs it beside an HTTP round trip to the bare Beast
// server, same concurrency, same run (docs/performance.md, "Payments").
//
//   bh_request_reply_bench BROKERS [requests=20000] [concurrency=16] [linger_ms=5]
//
// Prints one line: requests/s, p50, p99 (milliseconds). linger_ms is the producers' linger.ms (the
// services use the default of bus::ProducerOptions).
#include <algorithm>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <cstdio>
#include <exception>
#include <future>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bus/admin.h"
#include "bus/consumer.h"
#include "bus/event.h"
#include "bus/producer.h"
#include "bus/request_reply.h"

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

std::string random_tag() {
    std::random_device device;
    return std::to_string(device()) + std::to_string(device());
}

asio::awaitable<void> worker(bh::bus::RequestReply& rr, std::string topic, int count,
                             std::vector<double>& out) {
    for (int i = 0; i < count; ++i) {
        const auto start = Clock::now();
        std::string key = "k" + std::to_string(i);
        std::string payload = R"({"version":1,"paymentId":"bench"})";
        co_await rr.request(topic, std::move(key), std::move(payload), 10s);
        out.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s BROKERS [requests] [concurrency] [linger_ms]\n", argv[0]);
        return 2;
    }
    const std::string brokers = argv[1];
    const int requests = argc > 2 ? std::stoi(argv[2]) : 20000;
    const int concurrency = argc > 3 ? std::stoi(argv[3]) : 16;
    const auto linger = std::chrono::milliseconds(argc > 4 ? std::stoi(argv[4]) : 5);
    try {
        bh::bus::ClientSettings client{brokers, "rr-bench"};
        bh::bus::ProducerOptions producer_options;
        producer_options.client = client;
        producer_options.linger = linger;
        bh::bus::Producer requester(producer_options);
        bh::bus::Producer responder_producer(producer_options);
        const auto tag = random_tag();
        const auto topic = "bench.rr." + tag;
        bh::bus::ensure_topics(client, {topic, bh::bus::dead_letter_topic(topic)}, 4, 1);

        asio::io_context io;
        auto guard = asio::make_work_guard(io);
        std::thread thread([&io] { io.run(); });

        bh::bus::ConsumerOptions consumer_options;
        consumer_options.client = client;
        consumer_options.group_id = "bench.rr." + tag;
        consumer_options.topics = {topic};
        bh::bus::Consumer responder(
            io.get_executor(), consumer_options,
            [&responder_producer](const bh::bus::Message& request) -> asio::awaitable<void> {
                co_await bh::bus::reply(responder_producer, request, request.payload);
            },
            responder_producer);
        responder.start();

        bh::bus::RequestReplyOptions rr_options;
        rr_options.client = client;
        rr_options.reply_topic = bh::bus::reply_topic_name("bench.", "rr-" + tag);
        bh::bus::RequestReply rr(requester, rr_options);
        rr.start();

        // Warm-up: until the responder owns its partitions and answers.
        std::vector<double> ignored;
        for (int attempt = 0;; ++attempt) {
            try {
                asio::co_spawn(io, worker(rr, topic, 50, ignored), asio::use_future).get();
                break;
            } catch (const std::exception&) {
                if (attempt == 5) throw;
            }
        }

        std::vector<std::vector<double>> latencies(static_cast<std::size_t>(concurrency));
        const int each = requests / concurrency;
        std::atomic<int> failed{0};
        const auto start = Clock::now();
        std::vector<std::future<void>> running;
        for (auto& out : latencies) {
            out.reserve(static_cast<std::size_t>(each));
            running.push_back(asio::co_spawn(io, worker(rr, topic, each, out), asio::use_future));
        }
        for (auto& f : running) {
            try {
                f.get();
            } catch (const std::exception& e) {
                ++failed;
                std::fprintf(stderr, "worker failed: %s\n", e.what());
            }
        }
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        std::vector<double> all;
        for (const auto& out : latencies) all.insert(all.end(), out.begin(), out.end());
        std::sort(all.begin(), all.end());
        auto at = [&all](double q) {
            return all.empty() ? 0.0
                               : all[std::min(all.size() - 1, static_cast<std::size_t>(q * all.size()))];
        };
        std::printf(
            "kafka request/reply: %zu round trips, concurrency %d, linger %lld ms: %.0f/s p50 %.2f ms p99 "
            "%.2f ms%s\n",
            all.size(), concurrency, static_cast<long long>(linger.count()),
            static_cast<double>(all.size()) / seconds, at(0.50), at(0.99), failed ? " (some failed)" : "");

        rr.stop();
        asio::co_spawn(io, responder.stop(), asio::use_future).get();
        guard.reset();
        io.stop();
        thread.join();
        return failed ? 1 : 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench failed: %s\n", e.what());
        return 1;
    }
}
