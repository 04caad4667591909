// The loop that rebuilds the Redis deny-list from the auth database when Redis lost it (see
// revocation_keeper.h).
#include "services/auth/sessions/revocation_keeper.h"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/error.h"
#include "services/auth/sessions/denied_token_repository.h"

namespace bh::auth {

namespace asio = boost::asio;

struct RevocationKeeper::State {
    State(const asio::any_io_executor& executor, db::Pool& p, redis::DenyList list, RevocationKeeperOptions o,
          const Clock& c)
        : strand(asio::make_strand(executor)),
          pool(p),
          deny_list(std::move(list)),
          options(o),
          clock(&c),
          timer(strand),
          done(strand) {}

    // The loop and every change of the flags below run on this strand.
    asio::strand<asio::any_io_executor> strand;
    db::Pool& pool;
    redis::DenyList deny_list;
    RevocationKeeperOptions options;
    const Clock* clock;
    asio::steady_timer timer;  // the sleep between checks; cancelled by stop()
    asio::steady_timer done;   // cancelled when the loop ended, for stop()
    bool running = false;
    bool stopping = false;
};

namespace {

asio::awaitable<std::optional<std::size_t>> check(RevocationKeeper::State& state) {
    const bool whole = co_await state.deny_list.is_complete();
    if (whole) co_return std::nullopt;
    const auto token = co_await state.deny_list.begin_rebuild();
    std::vector<sessions::AccessTokenRef> tokens;
    {
        auto lease = co_await state.pool.acquire();
        tokens = co_await denied_tokens::alive(*lease, state.clock->now() - state.options.leeway);
    }
    for (const auto& denied : tokens)
        co_await state.deny_list.add(denied.jti, denied.expires_at + state.options.leeway);
    const bool completed = co_await state.deny_list.complete_rebuild(token);
    if (!completed)
        throw unavailable("deny-list rebuild overtaken",
                          "Redis lost the data again, or another rebuild began");
    co_return tokens.size();
}

asio::awaitable<std::int64_t> purge(RevocationKeeper::State& state) {
    auto lease = co_await state.pool.acquire();
    co_return co_await denied_tokens::purge(*lease, state.clock->now() - state.options.leeway);
}

asio::awaitable<void> loop(std::shared_ptr<RevocationKeeper::State> state) {
    auto last_purge = std::chrono::steady_clock::now();
    bool failing = false;
    while (!state->stopping) {
        try {
            const auto restored = co_await check(*state);
            if (restored)
                spdlog::warn("auth: the Redis deny-list was lost; rebuilt it with {} tokens", *restored);
            if (failing) spdlog::info("auth: deny-list check works again");
            failing = false;
            if (std::chrono::steady_clock::now() - last_purge >= state->options.purge_interval) {
                last_purge = std::chrono::steady_clock::now();
                const auto purged = co_await purge(*state);
                if (purged > 0) spdlog::debug("auth: purged {} expired denied tokens", purged);
            }
        } catch (const std::exception& e) {
            // Once per outage in the log, not once per interval.
            if (!failing)
                spdlog::warn("auth: deny-list check failed (retrying every {} ms): {}",
                             state->options.check_interval.count(), e.what());
            failing = true;
        }
        if (state->stopping) break;
        state->timer.expires_after(state->options.check_interval);
        co_await state->timer.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    state->running = false;
    state->done.cancel();
}

asio::awaitable<void> stop_on_strand(std::shared_ptr<RevocationKeeper::State> state) {
    state->stopping = true;
    state->timer.cancel();
    if (!state->running) co_return;
    state->done.expires_at(asio::steady_timer::time_point::max());
    co_await state->done.async_wait(asio::as_tuple(asio::use_awaitable));
}

}  // namespace

RevocationKeeper::RevocationKeeper(const asio::any_io_executor& executor, db::Pool& pool,
                                   redis::DenyList deny_list, RevocationKeeperOptions options,
                                   const Clock& clock)
    : state_(std::make_shared<State>(executor, pool, std::move(deny_list), options, clock)) {}

RevocationKeeper::~RevocationKeeper() {
    asio::post(state_->strand, [state = state_] {
        state->stopping = true;
        state->timer.cancel();
    });
}

asio::awaitable<std::optional<std::size_t>> RevocationKeeper::ensure_complete() {
    co_return co_await check(*state_);
}

asio::awaitable<std::int64_t> RevocationKeeper::purge_expired() {
    co_return co_await purge(*state_);
}

void RevocationKeeper::start() {
    asio::post(state_->strand, [state = state_] {
        if (state->running || state->stopping) return;
        state->running = true;
        asio::co_spawn(state->strand, loop(state), asio::detached);
    });
}

asio::awaitable<void> RevocationKeeper::stop() {
    co_await asio::co_spawn(state_->strand, stop_on_strand(state_), asio::use_awaitable);
}

}  // namespace bh::auth
