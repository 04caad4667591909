// redis::DenyList against a real server (REDIS_URL).
#include <gtest/gtest.h>

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

TEST_F(DenyListTest, KeysAreNamespaced) {
    DenyList list(redis_, "jwt");
    EXPECT_EQ(list.key_for("abc"), "bh:deny:jwt:abc");
}

}  // namespace
}  // namespace bh::redis
