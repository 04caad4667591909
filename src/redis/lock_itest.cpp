// redis::DistributedLock against a real server (REDIS_URL).
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>
#include <future>

#include "redis/itest_support.h"
#include "redis/lock.h"

namespace bh::redis {
namespace {

using namespace std::chrono_literals;
using testing::since;
using testing::sleep_for;
namespace asio = boost::asio;

class LockTest : public ::testing::Test {
  protected:
    testing::IoThreads io_{2};
    Client redis_{io_.executor(), testing::options_from_env()};
    std::string name_ = bh::testing::unique_name("test");

    Reply run(std::vector<std::string> command) { return io_.run(redis_.command(std::move(command))); }
};

TEST_F(LockTest, KeyIsNamespacedAndHoldsTheToken) {
    DistributedLock lock(redis_, name_, 10s);
    EXPECT_EQ(lock.key(), "bh:lock:" + name_);
    auto guard = io_.run(lock.try_acquire());
    ASSERT_TRUE(guard);
    EXPECT_EQ(guard->token().size(), 32u);  // 128 random bits
    EXPECT_EQ(run({"GET", lock.key()}), Reply::string(guard->token()));
    const auto ttl = run({"PTTL", lock.key()}).as_integer();
    EXPECT_GT(ttl, 9000);
    EXPECT_LE(ttl, 10000);
    EXPECT_TRUE(io_.run(guard->release()));
    EXPECT_FALSE(guard->held());
    EXPECT_EQ(run({"EXISTS", lock.key()}), Reply::integer(0));
}

TEST_F(LockTest, TryAcquireIsExclusive) {
    DistributedLock first(redis_, name_, 10s);
    DistributedLock second(redis_, name_, 10s);
    auto held = io_.run(first.try_acquire());
    ASSERT_TRUE(held);
    EXPECT_FALSE(io_.run(second.try_acquire()));
    EXPECT_TRUE(io_.run(held->release()));
    auto now_mine = io_.run(second.try_acquire());
    EXPECT_TRUE(now_mine);
    EXPECT_TRUE(io_.run(now_mine->release()));
}

TEST_F(LockTest, ManyContendersNeverOverlap) {
    constexpr int kContenders = 12;
    constexpr int kRoundsEach = 5;
    std::atomic<int> holders{0};
    std::atomic<int> max_holders{0};
    std::atomic<int> acquisitions{0};
    std::atomic<int> gave_up{0};
    auto contender = [&]() -> asio::awaitable<void> {
        DistributedLock lock(redis_, name_, 5s);
        for (int i = 0; i < kRoundsEach; ++i) {
            auto guard = co_await lock.acquire(20s);
            if (!guard) {
                ++gave_up;
                continue;
            }
            const int now = ++holders;
            int seen = max_holders.load();
            while (now > seen && !max_holders.compare_exchange_weak(seen, now)) {
            }
            co_await sleep_for(2ms);
            --holders;
            ++acquisitions;
            if (!co_await guard->release()) ADD_FAILURE() << "lost the lock while holding it";
        }
    };
    std::vector<std::future<void>> done;
    done.reserve(kContenders);
    for (int i = 0; i < kContenders; ++i) {
        done.push_back(asio::co_spawn(io_.io(), contender(), asio::use_future));
    }
    for (auto& f : done) {
        f.get();
    }
    EXPECT_EQ(max_holders.load(), 1);
    EXPECT_EQ(gave_up.load(), 0);
    EXPECT_EQ(acquisitions.load(), kContenders * kRoundsEach);
}

TEST_F(LockTest, ExpiryFreesTheLockAndTheOldOwnerCannotTouchTheNewOne) {
    DistributedLock lock(redis_, name_, 200ms);
    auto stale = io_.run(lock.try_acquire());
    ASSERT_TRUE(stale);
    EXPECT_FALSE(io_.run(lock.try_acquire()));
    io_.run(sleep_for(300ms));

    auto fresh = io_.run(lock.try_acquire());
    ASSERT_TRUE(fresh) << "the TTL should have freed the lock";
    // The previous owner's token no longer matches: release and extend leave the new lock alone.
    EXPECT_FALSE(io_.run(stale->extend(10s)));
    EXPECT_FALSE(io_.run(stale->release()));
    EXPECT_EQ(run({"GET", lock.key()}), Reply::string(fresh->token()));
    EXPECT_TRUE(io_.run(fresh->release()));
}

TEST_F(LockTest, ExtendKeepsTheLockPastItsFirstTtl) {
    DistributedLock lock(redis_, name_, 300ms);
    auto guard = io_.run(lock.try_acquire());
    ASSERT_TRUE(guard);
    EXPECT_TRUE(io_.run(guard->extend(5s)));
    EXPECT_GT(run({"PTTL", lock.key()}).as_integer(), 4000);
    io_.run(sleep_for(400ms));
    EXPECT_FALSE(io_.run(lock.try_acquire()));
    EXPECT_TRUE(io_.run(guard->release()));
    EXPECT_FALSE(io_.run(guard->extend(5s)));  // released: nothing to extend
}

TEST_F(LockTest, AcquireGivesUpAfterItsWait) {
    DistributedLock lock(redis_, name_, 10s);
    auto held = io_.run(lock.try_acquire());
    ASSERT_TRUE(held);
    const auto start = std::chrono::steady_clock::now();
    EXPECT_FALSE(io_.run(lock.acquire(300ms)));
    EXPECT_GE(since(start), 300ms);
    EXPECT_LT(since(start), 1s);
    EXPECT_TRUE(io_.run(held->release()));
}

TEST_F(LockTest, AcquireWaitsForTheHolderToRelease) {
    DistributedLock lock(redis_, name_, 10s);
    auto held = io_.run(lock.try_acquire());
    ASSERT_TRUE(held);
    const auto start = std::chrono::steady_clock::now();
    auto waiting = asio::co_spawn(io_.io(), lock.acquire(5s), asio::use_future);
    io_.run(sleep_for(200ms));
    EXPECT_TRUE(io_.run(held->release()));
    auto guard = waiting.get();
    ASSERT_TRUE(guard);
    EXPECT_LT(since(start), 1s);
    EXPECT_TRUE(io_.run(guard->release()));
}

TEST_F(LockTest, DestroyedGuardReleasesInTheBackground) {
    DistributedLock lock(redis_, name_, 30s);
    {
        auto guard = io_.run(lock.try_acquire());
        ASSERT_TRUE(guard);
        LockGuard moved = std::move(*guard);  // the moved-from guard must not release
        EXPECT_FALSE(guard->held());
        EXPECT_TRUE(moved.held());
    }
    bool freed = false;
    for (int i = 0; i < 100 && !freed; ++i) {
        freed = run({"EXISTS", lock.key()}) == Reply::integer(0);
        if (!freed) {
            io_.run(sleep_for(10ms));
        }
    }
    EXPECT_TRUE(freed);
}

}  // namespace
}  // namespace bh::redis
