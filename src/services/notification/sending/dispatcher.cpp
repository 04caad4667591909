#include "services/notification/sending/dispatcher.h"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/error.h"
#include "core/fast_random.h"
#include "core/uuid.h"

namespace bh::notification {

namespace asio = boost::asio;

struct Dispatcher::State {
    State(const asio::any_io_executor& executor, db::Pool& p, mail::MailSender& s, storage::ObjectStore* st,
          DispatcherOptions o)
        : strand(asio::make_strand(executor)),
          pool(p),
          sender(s),
          store(st),
          options(std::move(o)),
          timer(strand),
          done(strand) {}

    asio::strand<asio::any_io_executor> strand;
    db::Pool& pool;
    mail::MailSender& sender;
    storage::ObjectStore* store;
    DispatcherOptions options;
    asio::steady_timer timer;  // the sleep between scans; cancelled by wake() and stop()
    asio::steady_timer done;   // cancelled when the loop ended, for stop()
    bool running = false;
    bool stopping = false;
    bool woken = false;

    std::atomic<std::int64_t> sent{0};
    std::atomic<std::int64_t> failed{0};
    std::atomic<std::int64_t> exceeded{0};
    std::atomic<std::int64_t> lost_leases{0};
};

namespace {

double random_unit() {
    return static_cast<double>(fast_random_u64() >> 11) * 0x1.0p-53;
}

std::string describe(const std::exception& error) {
    if (const auto* app = dynamic_cast<const AppError*>(&error)) {
        return app->detail().empty() ? app->public_message()
                                     : app->public_message() + " (" + app->detail() + ")";
    }
    return error.what();
}

// Invalid content never becomes valid by waiting: no retry.
bool is_permanent(const std::exception& error) {
    const auto* app = dynamic_cast<const AppError*>(&error);
    return app != nullptr && app->kind() == ErrorKind::BadRequest;
}

// PostgreSQL text must be valid UTF-8: cut at a character boundary.
std::string truncate_utf8(std::string text, std::size_t max) {
    if (text.size() <= max) return text;
    std::size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80) --cut;
    text.resize(cut);
    return text;
}

asio::awaitable<mail::MailMessage> build_message(Dispatcher::State& state, const ClaimedNotification& n) {
    mail::MailMessage message;
    message.from = state.sender.from();
    message.to = {n.recipient, n.recipient_name};
    message.subject = n.subject;
    message.text = n.body_text;
    message.html = n.body_html;
    message.date = std::chrono::system_clock::now();
    message.message_id = message_id_for(n.id, state.options.message_id_domain);
    for (const auto& ref : n.attachments) {
        if (state.store == nullptr) throw unavailable("object storage is not configured");
        mail::Attachment attachment;
        attachment.filename = ref.filename;
        attachment.content_type = ref.content_type;
        attachment.bytes = co_await state.store->get(ref.storage_key, state.options.max_attachment_bytes);
        message.attachments.push_back(std::move(attachment));
    }
    co_return message;
}

asio::awaitable<void> deliver(Dispatcher::State& state, const ClaimedNotification& n, const Uuid& token) {
    const auto& retry = state.options.retry;
    if (n.attempts > retry.max_attempts) {
        // The last attempt's lease lapsed without an outcome (its instance died mid-send).
        const bool recorded = co_await mark_failed(state.pool, n.id, token,
                                                   "lease expired during the last attempt", std::nullopt);
        if (recorded) ++state.exceeded;
        co_return;
    }
    // The batch's lease may be nearly spent by the sends before this one: renew it for this row,
    // or leave the row to whoever holds it now.
    const bool still_ours = co_await renew_lease(state.pool, n.id, token, state.options.lease);
    if (!still_ours) {
        ++state.lost_leases;
        spdlog::warn("notification {}: lease lapsed before sending; left to its new claimer",
                     n.id.to_string());
        co_return;
    }
    std::string error;
    bool permanent = false;
    try {
        auto message = co_await build_message(state, n);
        co_await state.sender.send(std::move(message));
    } catch (const std::exception& e) {
        error = truncate_utf8(describe(e), 2000);
        permanent = is_permanent(e);
    }
    if (error.empty()) {
        const bool recorded = co_await mark_sent(state.pool, n.id, token);
        if (recorded) {
            ++state.sent;
            spdlog::info("notification {} sent to recipient of kind {} (attempt {})", n.id.to_string(),
                         to_string(n.kind), n.attempts);
        } else {
            ++state.lost_leases;
            spdlog::warn("notification {} sent but its lease was lost: another instance may send it too",
                         n.id.to_string());
        }
        co_return;
    }
    const bool give_up = permanent || retry.exhausted(n.attempts);
    std::optional<std::chrono::milliseconds> retry_in;
    if (!give_up) retry_in = retry.delay_after(n.attempts, random_unit());
    const bool recorded = co_await mark_failed(state.pool, n.id, token, error, retry_in);
    if (!recorded) {
        ++state.lost_leases;
        co_return;
    }
    if (give_up) {
        ++state.exceeded;
        spdlog::error("notification {} given up after {} attempts: {}", n.id.to_string(), n.attempts, error);
    } else {
        ++state.failed;
        spdlog::warn("notification {} attempt {} failed, next in {} ms: {}", n.id.to_string(), n.attempts,
                     retry_in->count(), error);
    }
}

asio::awaitable<int> run_round(std::shared_ptr<Dispatcher::State> state) {
    const Uuid token = Uuid::v7();
    const auto claimed =
        co_await claim_due(state->pool, state->options.batch_size, state->options.lease, token);
    for (const auto& n : claimed) {
        try {
            co_await deliver(*state, n, token);
        } catch (const std::exception& e) {
            // Recording the outcome failed (database gone): the lease lapses and the row is retried.
            spdlog::error("notification {}: could not record the outcome: {}", n.id.to_string(), e.what());
        }
    }
    co_return static_cast<int>(claimed.size());
}

asio::awaitable<void> loop(std::shared_ptr<Dispatcher::State> state) {
    while (!state->stopping) {
        int claimed = 0;
        try {
            claimed = co_await run_round(state);
        } catch (const std::exception& e) {
            spdlog::warn("notification dispatcher: claim failed: {}", describe(e));
        }
        if (state->stopping) break;
        if (claimed >= state->options.batch_size) continue;  // more may be due right now
        if (state->woken) {
            state->woken = false;
            continue;
        }
        state->timer.expires_after(state->options.poll_interval);
        co_await state->timer.async_wait(asio::as_tuple(asio::use_awaitable));
        state->woken = false;
    }
    state->running = false;
    state->done.cancel();
}

asio::awaitable<void> stop_on_strand(std::shared_ptr<Dispatcher::State> state) {
    state->stopping = true;
    state->timer.cancel();
    if (!state->running) co_return;
    state->done.expires_at(asio::steady_timer::time_point::max());
    co_await state->done.async_wait(asio::as_tuple(asio::use_awaitable));
}

}  // namespace

std::string message_id_for(const Uuid& id, std::string_view domain) {
    return id.to_string() + "@" + std::string(domain);
}

Dispatcher::Dispatcher(const asio::any_io_executor& executor, db::Pool& pool, mail::MailSender& sender,
                       storage::ObjectStore* store, DispatcherOptions options)
    : state_(std::make_shared<State>(executor, pool, sender, store, std::move(options))) {}

Dispatcher::~Dispatcher() {
    asio::post(state_->strand, [state = state_] {
        state->stopping = true;
        state->timer.cancel();
    });
}

void Dispatcher::start() {
    asio::post(state_->strand, [state = state_] {
        if (state->running || state->stopping) return;
        state->running = true;
        asio::co_spawn(state->strand, loop(state), asio::detached);
    });
}

void Dispatcher::wake() {
    asio::post(state_->strand, [state = state_] {
        state->woken = true;
        state->timer.cancel();
    });
}

asio::awaitable<void> Dispatcher::stop() {
    co_await asio::co_spawn(state_->strand, stop_on_strand(state_), asio::use_awaitable);
}

asio::awaitable<int> Dispatcher::run_once() {
    co_return co_await run_round(state_);
}

DispatcherStats Dispatcher::stats() const {
    return {state_->sent.load(), state_->failed.load(), state_->exceeded.load(), state_->lost_leases.load()};
}

}  // namespace bh::notification
