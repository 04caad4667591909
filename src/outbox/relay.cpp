#include "outbox/relay.h"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "bus/event.h"
#include "db/params.h"
#include "db/result.h"
#include "db/statement.h"
#include "db/transaction.h"

namespace bh::outbox {

namespace asio = boost::asio;

namespace {

constexpr db::Statement kTryLock{"outbox.try_lock", "SELECT pg_try_advisory_xact_lock($1)"};
constexpr db::Statement kPending{
    "outbox.pending",
    "SELECT id, event_id, topic, message_key, event_type, payload, headers::text "
    "FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1"};
constexpr db::Statement kMarkPublished{
    "outbox.mark_published",
    "UPDATE outbox SET published_at = now(), attempts = attempts + 1 WHERE id = ANY($1::bigint[])"};
constexpr db::Statement kMarkFailed{
    "outbox.mark_failed",
    "UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])"};

std::string id_array(const std::vector<std::int64_t>& ids) {
    std::string out = "{";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i > 0) out.push_back(',');
        out.append(std::to_string(ids[i]));
    }
    out.push_back('}');
    return out;
}

bus::Message to_message(const db::Row& row) {
    bus::Message message;
    message.topic = row.get<std::string>(2);
    message.key = row.get<std::string>(3);
    message.payload = row.get<std::string>(5);
    const auto extra_headers = boost::json::parse(row.get<std::string>(6));  // named: outlives the loop
    for (const auto& pair : extra_headers.as_array()) {
        const auto& kv = pair.as_array();
        message.headers.emplace_back(std::string(kv.at(0).as_string()), std::string(kv.at(1).as_string()));
    }
    message.set_header(bus::header::kEventId, row.get<Uuid>(1).to_string());
    message.set_header(bus::header::kEventType, row.get<std::string>(4));
    message.set_header(bus::header::kContentType, "application/json");
    return message;
}

}  // namespace

std::int64_t advisory_key(std::string_view name) {
    std::uint64_t hash = 14695981039346656037ULL;
    for (unsigned char c : name) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    return static_cast<std::int64_t>(hash);
}

struct Relay::State {
    asio::any_io_executor executor;
    db::Pool& pool;
    bus::Producer& producer;
    RelayOptions options;
    std::int64_t lock_key;
    std::atomic<bool> stopping{false};
    std::atomic<bool> running{false};
    std::atomic<std::uint64_t> published{0}, failed{0}, passes{0};
    // The loop and stop()'s wake-up both touch `wake`, and a timer is not thread-safe: on a
    // multi-threaded io_context they meet on this strand.
    asio::strand<asio::any_io_executor> strand;
    asio::steady_timer wake;

    State(const asio::any_io_executor& ex, db::Pool& p, bus::Producer& prod, RelayOptions opts)
        : executor(ex),
          pool(p),
          producer(prod),
          options(std::move(opts)),
          lock_key(advisory_key("outbox:" + options.name)),
          strand(asio::make_strand(ex)),
          wake(strand) {}

    asio::awaitable<std::size_t> publish_once() {
        auto lease = co_await pool.acquire();
        auto tx = co_await db::Transaction::begin(lease, db::Isolation::ReadCommitted);
        db::Params lock_params{lock_key};
        const auto locked = co_await tx->execute(kTryLock, lock_params);
        if (!locked.one().get<bool>(0)) {
            co_await tx.rollback();
            co_return 0;
        }
        ++passes;
        db::Params batch_params{static_cast<std::int64_t>(options.batch)};
        const auto rows = co_await tx->execute(kPending, batch_params);
        if (rows.size() == 0) {
            co_await tx.commit();
            co_return 0;
        }
        std::vector<std::int64_t> ids;
        std::vector<bus::Message> messages;
        for (const db::Row row : rows) {
            ids.push_back(row.get<std::int64_t>(0));
            messages.push_back(to_message(row));
        }
        const auto reports = co_await producer.send_batch(std::move(messages));
        if (options.after_publish) options.after_publish();
        std::vector<std::int64_t> ok, not_ok;
        std::string error;
        for (std::size_t i = 0; i < reports.size(); ++i) {
            if (reports[i].ok()) {
                ok.push_back(ids[i]);
            } else {
                not_ok.push_back(ids[i]);
                error = reports[i].error;
            }
        }
        if (!ok.empty()) {
            db::Params p{id_array(ok)};
            co_await tx->execute(kMarkPublished, p);
        }
        if (!not_ok.empty()) {
            db::Params p{id_array(not_ok), error};
            co_await tx->execute(kMarkFailed, p);
            spdlog::warn("{} outbox: {} event(s) not published, will retry: {}", options.name, not_ok.size(),
                         error);
        }
        co_await tx.commit();
        published += ok.size();
        failed += not_ok.size();
        co_return ok.size();
    }

    static asio::awaitable<void> loop(std::shared_ptr<State> self) {
        self->running = true;
        while (!self->stopping) {
            std::size_t sent = 0;
            try {
                sent = co_await self->publish_once();
            } catch (const std::exception& e) {
                spdlog::warn("{} outbox relay: {}", self->options.name, e.what());
            }
            if (sent < self->options.batch && !self->stopping) {  // caught up: wait a little
                self->wake.expires_after(self->options.poll_interval);
                co_await self->wake.async_wait(asio::as_tuple(asio::use_awaitable));
            }
        }
        self->running = false;
    }
};

Relay::Relay(const asio::any_io_executor& executor, db::Pool& pool, bus::Producer& producer,
             RelayOptions options)
    : state_(std::make_shared<State>(executor, pool, producer, std::move(options))) {}

Relay::~Relay() {
    state_->stopping = true;
}

void Relay::start() {
    asio::co_spawn(state_->strand, State::loop(state_), asio::detached);
}

asio::awaitable<void> Relay::stop(std::chrono::milliseconds grace) {
    auto state = state_;
    state->stopping = true;
    asio::post(state->strand, [state] { state->wake.cancel(); });
    const auto deadline = std::chrono::steady_clock::now() + grace;
    asio::steady_timer timer(state->executor);
    while (state->running && std::chrono::steady_clock::now() < deadline) {
        timer.expires_after(std::chrono::milliseconds(5));
        co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    }
}

asio::awaitable<std::size_t> Relay::publish_once() {
    co_return co_await state_->publish_once();
}

RelayStats Relay::stats() const {
    return {state_->published.load(), state_->failed.load(), state_->passes.load()};
}

}  // namespace bh::outbox
