// redis::DenyList against a real server (REDIS_URL).
#include <gtest/gtest.h>

#include "core/error.h"
#include "redis/deny_list.h"
#include "redis/itest_support.h"

namespace bh::redis {
namespace {

using namespace std::chrono_literals;
using testing::sleep_for;

class DenyListTest : public ::testing::Test {
  protected:
    testing::IoThreads io_{2};
    Client redis_{io_.executor(), testing::options_from_env()};
    DenyList denied_{redis_, bh::testing::unique_name("test")};

    void SetUp() override { mark_complete(denied_); }
    void mark_complete(DenyList& list) {
        const auto token = io_.run(list.begin_rebuild());
        ASSERT_TRUE(io_.run(list.complete_rebuild(token)));
    }
};

TEST_F(DenyListTest, AnAddedIdIsDeniedUntilItsTokenWouldHaveExpired) {
    const auto until = std::chrono::system_clock::now() + 500ms;
    io_.run(denied_.add("jti-1", until));
    EXPECT_TRUE(io_.run(denied_.contains("jti-1")));
    EXPECT_FALSE(io_.run(denied_.contains("jti-2")));
    const auto ttl = io_.run(redis_.command("PTTL", denied_.key_for("jti-1"))).as_integer();
    EXPECT_GT(ttl, 0);
    EXPECT_LE(ttl, 500);
    io_.run(sleep_for(
        std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::system_clock::now()) +
        100ms));
    EXPECT_FALSE(io_.run(denied_.contains("jti-1")));
}

TEST_F(DenyListTest, AnAlreadyExpiredTokenLeavesNothingBehind) {
    io_.run(denied_.add("old", std::chrono::system_clock::now() - 1s));
    EXPECT_FALSE(io_.run(denied_.contains("old")));
    EXPECT_EQ(io_.run(redis_.command("EXISTS", denied_.key_for("old"))), Reply::integer(0));
}

TEST_F(DenyListTest, AListNotKnownToBeWholeFailsClosedForIdsItDoesNotHold) {
    DenyList fresh(redis_, bh::testing::unique_name("fresh"));  // as after a Redis restart: no marker
    io_.run(fresh.add("held", std::chrono::system_clock::now() + 1min));
    EXPECT_FALSE(io_.run(fresh.is_complete()));
    EXPECT_TRUE(io_.run(fresh.contains("held")));  // a denial it holds is still a denial
    try {
        io_.run(fresh.contains("other"));
        FAIL() << "an id was cleared by a list that may have forgotten it";
    } catch (const AppError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Unavailable);
    }
    mark_complete(fresh);
    EXPECT_TRUE(io_.run(fresh.is_complete()));
    EXPECT_FALSE(io_.run(fresh.contains("other")));
}

TEST_F(DenyListTest, ARebuildInterruptedByDataLossDoesNotMarkTheListWhole) {
    DenyList list(redis_, bh::testing::unique_name("lost"));
    const auto token = io_.run(list.begin_rebuild());
    // What a restart (or FLUSHALL) does to this list's keys while the rebuild is loading entries.
    io_.run(redis_.command("DEL", list.key_for("~rebuild")));
    EXPECT_FALSE(io_.run(list.complete_rebuild(token)));
    EXPECT_FALSE(io_.run(list.is_complete()));
    // A rebuild by someone else (another instance) does not complete this one either.
    const auto mine = io_.run(list.begin_rebuild());
    const auto theirs = io_.run(list.begin_rebuild());
    EXPECT_FALSE(io_.run(list.complete_rebuild(mine)));
    EXPECT_TRUE(io_.run(list.complete_rebuild(theirs)));
    EXPECT_TRUE(io_.run(list.is_complete()));
}

TEST_F(DenyListTest, KeysAreNamespaced) {
    DenyList list(redis_, "jwt");
    EXPECT_EQ(list.key_for("abc"), "bh:deny:jwt:abc");
}

}  // namespace
}  // namespace bh::redis
