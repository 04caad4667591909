#pragma once
// A lock shared by every instance of the process, held in Redis:
//   acquire  SET bh:lock:<name> <random 128-bit token> NX PX <ttl>
//   release  delete the key only if it still holds our token (Lua compare-and-delete)
//   extend   reset the TTL only if it still holds our token (Lua compare-and-pexpire)
// The TTL is what frees the lock when its holder dies; a holder whose work may outlast the TTL must
// extend() in time, and must treat extend() == false as "the lock is lost: stop".
//
//   redis::DistributedLock lock(client, "payment-retry", 1h);
//   if (auto guard = co_await lock.try_acquire()) { ...work...; co_await guard->release(); }
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "redis/client.h"

namespace bh::redis {

class LockGuard;

class DistributedLock {
  public:
    DistributedLock(Client client, std::string name, std::chrono::milliseconds ttl);

    // One attempt; empty when someone else holds the lock.
    boost::asio::awaitable<std::optional<LockGuard>> try_acquire();
    // Retries with a jittered pause until `wait` has passed; empty if the lock stayed busy that long.
    boost::asio::awaitable<std::optional<LockGuard>> acquire(std::chrono::milliseconds wait);

    const std::string& key() const { return key_; }
    std::chrono::milliseconds ttl() const { return ttl_; }

  private:
    Client client_;
    std::string key_;
    std::chrono::milliseconds ttl_;
};

// Proof of holding a lock. Move-only. Release it explicitly with co_await release(); if it is
// destroyed still held, the release is started in the background (destructors cannot co_await) and
// failures of that release are only logged: the TTL frees the lock anyway.
class LockGuard {
  public:
    LockGuard(LockGuard&& other) noexcept;
    LockGuard& operator=(LockGuard&& other) noexcept;
    LockGuard(const LockGuard&) = delete;
    LockGuard& operator=(const LockGuard&) = delete;
    ~LockGuard();

    // True when the lock was still ours and is now free; false when it had expired (and maybe been
    // taken by someone else, whose lock is left alone). Either way this guard no longer holds it.
    boost::asio::awaitable<bool> release();
    // True when the lock is still ours and now lives `ttl` from now; false when it was lost.
    boost::asio::awaitable<bool> extend(std::chrono::milliseconds ttl);

    // Not released through this guard yet (the lock itself may have expired on the server).
    bool held() const { return held_; }
    const std::string& key() const { return key_; }
    const std::string& token() const { return token_; }

  private:
    friend class DistributedLock;
    LockGuard(Client client, std::string key, std::string token);
    void release_in_background() noexcept;

    std::optional<Client> client_;
    std::string key_;
    std::string token_;
    bool held_ = false;
};

}  // namespace bh::redis
