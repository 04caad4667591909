// redis::RateLimiter against a real server (REDIS_URL).
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>
#include <future>

#include "redis/itest_support.h"
#include "redis/rate_limiter.h"

namespace bh::redis {
namespace {

using namespace std::chrono_literals;
using testing::sleep_for;
namespace asio = boost::asio;

class RateLimiterTest : public ::testing::Test {
  protected:
    testing::IoThreads io_{2};
    Client redis_{io_.executor(), testing::options_from_env()};
    std::string name_ = bh::testing::unique_name("test");
};

TEST_F(RateLimiterTest, AdmitsExactlyTheLimitThenSaysWhenToRetry) {
    RateLimiter limiter(redis_, name_, 5, 1500ms);
    for (int i = 0; i < 5; ++i) {
        const auto d = io_.run(limiter.hit("alice"));
        EXPECT_TRUE(d.allowed) << i;
        EXPECT_EQ(d.remaining, 4 - i);
        EXPECT_EQ(d.retry_after, 0ms);
    }
    const auto refused = io_.run(limiter.hit("alice"));
    EXPECT_FALSE(refused.allowed);
    EXPECT_EQ(refused.remaining, 0);
    EXPECT_GT(refused.retry_after, 1000ms);  // the first hit was only a few ms ago
    EXPECT_LE(refused.retry_after, 1500ms);
    // Refused hits are not recorded: asking again does not push the retry time out.
    const auto again = io_.run(limiter.hit("alice"));
    EXPECT_FALSE(again.allowed);
    EXPECT_LE(again.retry_after, refused.retry_after);

    io_.run(sleep_for(again.retry_after + 50ms));
    EXPECT_TRUE(io_.run(limiter.hit("alice")).allowed);
}

TEST_F(RateLimiterTest, TheWindowSlides) {
    RateLimiter limiter(redis_, name_, 2, 800ms);
    EXPECT_TRUE(io_.run(limiter.hit("s")).allowed);  // t = 0
    io_.run(sleep_for(400ms));
    EXPECT_TRUE(io_.run(limiter.hit("s")).allowed);  // t = 400
    const auto refused = io_.run(limiter.hit("s"));
    EXPECT_FALSE(refused.allowed);
    // Only the first hit has to leave the window: about 400 ms, not a whole window.
    EXPECT_GT(refused.retry_after, 200ms);
    EXPECT_LE(refused.retry_after, 410ms);
    io_.run(sleep_for(refused.retry_after + 50ms));
    const auto after = io_.run(limiter.hit("s"));
    EXPECT_TRUE(after.allowed);
    EXPECT_EQ(after.remaining, 0);  // the second hit is still inside the window
}

TEST_F(RateLimiterTest, SubjectsAreCountedApartUnderANamespacedKeyThatExpires) {
    RateLimiter limiter(redis_, name_, 1, 10s);
    EXPECT_EQ(limiter.key_for("10.0.0.1"), "bh:rl:" + name_ + ":10.0.0.1");
    EXPECT_TRUE(io_.run(limiter.hit("10.0.0.1")).allowed);
    EXPECT_FALSE(io_.run(limiter.hit("10.0.0.1")).allowed);
    EXPECT_TRUE(io_.run(limiter.hit("10.0.0.2")).allowed);
    const auto ttl = io_.run(redis_.command("PTTL", limiter.key_for("10.0.0.1"))).as_integer();
    EXPECT_GT(ttl, 0);
    EXPECT_LE(ttl, 10000);
}

TEST_F(RateLimiterTest, ConcurrentHitsNeverExceedTheLimit) {
    RateLimiter limiter(redis_, name_, 10, 30s);
    std::atomic<int> allowed{0};
    auto hitter = [&]() -> asio::awaitable<void> {
        for (int i = 0; i < 5; ++i) {
            if ((co_await limiter.hit("shared")).allowed) {
                ++allowed;
            }
        }
    };
    std::vector<std::future<void>> done;
    constexpr int kHitters = 20;
    done.reserve(kHitters);
    for (int i = 0; i < kHitters; ++i) {
        done.push_back(asio::co_spawn(io_.io(), hitter(), asio::use_future));
    }
    for (auto& f : done) {
        f.get();
    }
    EXPECT_EQ(allowed.load(), 10);
}

TEST_F(RateLimiterTest, ZeroLimitRefusesEverything) {
    RateLimiter limiter(redis_, name_, 0, 1s);
    const auto d = io_.run(limiter.hit("x"));
    EXPECT_FALSE(d.allowed);
    EXPECT_EQ(d.retry_after, 1s);
}

}  // namespace
}  // namespace bh::redis
