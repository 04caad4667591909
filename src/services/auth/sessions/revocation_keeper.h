#pragma once
// Keeps the shared Redis deny-list of access tokens whole. Every denial is recorded in the auth
// database in the same transaction as the revocation that caused it (denied_token_repository.h);
// Redis is only the fast path every service reads. When Redis lost the list (a restart without
// persistence, a flush, a failover), its completeness marker is gone and every service fails closed
// on tokens the list does not hold (redis/deny_list.h); this keeper notices within one check
// interval, loads every recorded token that is still alive back into Redis and marks the list whole.
// It also purges records of tokens that have expired. Several auth instances may run one each: a
// rebuild is idempotent, and one overtaken by a second data loss does not mark the list whole.
//
// One auth database per deny-list: the marker says "whole" for the records of whoever rebuilt it.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <memory>
#include <optional>

#include "core/clock.h"
#include "db/pool.h"
#include "redis/deny_list.h"

namespace bh::auth {

struct RevocationKeeperOptions {
    std::chrono::seconds leeway{30};  // added to a token's exp, as when it was denied
    std::chrono::milliseconds check_interval{1000};
    std::chrono::milliseconds purge_interval{std::chrono::minutes(10)};
};

class RevocationKeeper {
  public:
    RevocationKeeper(const boost::asio::any_io_executor& executor, db::Pool& pool, redis::DenyList deny_list,
                     RevocationKeeperOptions options, const Clock& clock);
    ~RevocationKeeper();
    RevocationKeeper(const RevocationKeeper&) = delete;
    RevocationKeeper& operator=(const RevocationKeeper&) = delete;

    // One check: when the Redis list is not whole, rebuilds it and returns how many tokens it put
    // back; nullopt when it was whole. Throws when Redis or PostgreSQL fail (the loop retries).
    boost::asio::awaitable<std::optional<std::size_t>> ensure_complete();
    // Deletes the records of tokens expired (leeway included); returns how many.
    boost::asio::awaitable<std::int64_t> purge_expired();

    // The loop: ensure_complete() every check interval, purge_expired() every purge interval.
    void start();
    boost::asio::awaitable<void> stop();

    struct State;

  private:
    std::shared_ptr<State> state_;
};

}  // namespace bh::auth
