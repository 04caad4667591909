#include "redis/lock.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <random>

#include "core/error.h"
#include "redis/random_token.h"
#include "redis/scripts.h"

namespace bh::redis {

namespace {

namespace asio = boost::asio;
using std::chrono::milliseconds;

// Pause between attempts: random, so contenders that collided once do not collide again in step.
constexpr milliseconds kRetryMin{10};
constexpr milliseconds kRetryMax{100};

milliseconds retry_pause() {
    thread_local std::minstd_rand rng{std::random_device{}()};
    std::uniform_int_distribution<milliseconds::rep> pick(kRetryMin.count(), kRetryMax.count());
    return milliseconds(pick(rng));
}

asio::awaitable<bool> release_lock(Client& client, const std::string& key, const std::string& token) {
    std::vector<std::string> keys{key};
    std::vector<std::string> args{token};
    const Reply reply = co_await client.eval(scripts::lock_release(), std::move(keys), std::move(args));
    co_return reply.as_integer() == 1;
}

asio::awaitable<void> release_quietly(Client client, std::string key, std::string token) {
    try {
        co_await release_lock(client, key, token);
    } catch (const std::exception& e) {
        spdlog::warn("redis: releasing lock {} failed (its TTL will free it): {}", key, e.what());
    }
}

}  // namespace

DistributedLock::DistributedLock(Client client, std::string name, std::chrono::milliseconds ttl)
    : client_(std::move(client)), key_("bh:lock:" + std::move(name)), ttl_(ttl) {}

asio::awaitable<std::optional<LockGuard>> DistributedLock::try_acquire() {
    std::string token = random_hex(16);
    const Reply reply = co_await client_.command("SET", key_, token, "NX", "PX", ttl_.count());
    if (reply.is_nil()) {
        co_return std::nullopt;
    }
    if (!reply.is_status("OK")) {
        throw bh::internal("redis: SET NX answered " + reply.to_debug_string());
    }
    co_return LockGuard(client_, key_, std::move(token));
}

asio::awaitable<std::optional<LockGuard>> DistributedLock::acquire(std::chrono::milliseconds wait) {
    const auto give_up_at = std::chrono::steady_clock::now() + wait;
    asio::steady_timer pause(co_await asio::this_coro::executor);
    for (;;) {
        if (auto guard = co_await try_acquire()) co_return guard;
        const auto left = give_up_at - std::chrono::steady_clock::now();
        if (left <= std::chrono::steady_clock::duration::zero()) {
            co_return std::nullopt;
        }
        pause.expires_after(std::min<std::chrono::steady_clock::duration>(retry_pause(), left));
        co_await pause.async_wait(asio::use_awaitable);
    }
}

LockGuard::LockGuard(Client client, std::string key, std::string token)
    : client_(std::move(client)), key_(std::move(key)), token_(std::move(token)), held_(true) {}

LockGuard::LockGuard(LockGuard&& other) noexcept
    : client_(std::move(other.client_)),
      key_(std::move(other.key_)),
      token_(std::move(other.token_)),
      held_(std::exchange(other.held_, false)) {}

LockGuard& LockGuard::operator=(LockGuard&& other) noexcept {
    if (this != &other) {
        release_in_background();
        client_ = std::move(other.client_);
        key_ = std::move(other.key_);
        token_ = std::move(other.token_);
        held_ = std::exchange(other.held_, false);
    }
    return *this;
}

LockGuard::~LockGuard() {
    release_in_background();
}

void LockGuard::release_in_background() noexcept {
    if (!held_ || !client_) {
        return;
    }
    held_ = false;
    try {
        asio::co_spawn(client_->executor(), release_quietly(*client_, key_, token_), asio::detached);
    } catch (const std::exception& e) {
        spdlog::warn("redis: cannot start releasing lock {} (its TTL will free it): {}", key_, e.what());
    }
}

asio::awaitable<bool> LockGuard::release() {
    if (!held_) {
        co_return false;
    }
    held_ = false;  // whatever the outcome, this guard stops claiming the lock
    co_return co_await release_lock(*client_, key_, token_);
}

asio::awaitable<bool> LockGuard::extend(std::chrono::milliseconds ttl) {
    if (!held_) {
        co_return false;
    }
    std::vector<std::string> keys{key_};
    std::vector<std::string> args{token_, std::to_string(ttl.count())};
    const Reply reply = co_await client_->eval(scripts::lock_extend(), std::move(keys), std::move(args));
    co_return reply.as_integer() == 1;
}

}  // namespace bh::redis
