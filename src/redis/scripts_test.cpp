#include "redis/scripts.h"

#include <gtest/gtest.h>

#include "redis/random_token.h"

namespace bh::redis {
namespace {

TEST(ScriptTest, Sha1IsWhatScriptLoadAnswers) {
    // printf 'return 1' | sha1sum
    EXPECT_EQ(Script("return 1").sha1(), "e0e1f9fabfc9d4800c877a703b823ac0578ff8db");
    EXPECT_EQ(Script("").sha1(), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
}

TEST(ScriptTest, LockScriptsCompareTheTokenBeforeActing) {
    const std::string& release = scripts::lock_release().text();
    EXPECT_NE(release.find("redis.call('GET', KEYS[1]) == ARGV[1]"), std::string::npos);
    EXPECT_NE(release.find("'DEL', KEYS[1]"), std::string::npos);
    const std::string& extend = scripts::lock_extend().text();
    EXPECT_NE(extend.find("redis.call('GET', KEYS[1]) == ARGV[1]"), std::string::npos);
    EXPECT_NE(extend.find("'PEXPIRE', KEYS[1], ARGV[2]"), std::string::npos);
    EXPECT_NE(scripts::lock_release().sha1(), scripts::lock_extend().sha1());
}

TEST(ScriptTest, SlidingWindowUsesServerTimeAndExpiresItsKey) {
    const std::string& text = scripts::sliding_window().text();
    for (const char* part : {"redis.call('TIME')", "ZREMRANGEBYSCORE", "ZCARD", "ZADD", "PEXPIRE"}) {
        EXPECT_NE(text.find(part), std::string::npos) << part;
    }
    // Trim before counting, count before adding: a refused hit is never recorded.
    EXPECT_LT(text.find("ZREMRANGEBYSCORE"), text.find("ZCARD"));
    EXPECT_LT(text.find("ZCARD"), text.find("ZADD"));
}

TEST(RandomTokenTest, HexOfTheRequestedSizeAndDistinct) {
    const std::string a = random_hex(16);
    EXPECT_EQ(a.size(), 32u);
    EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_NE(a, random_hex(16));
    EXPECT_EQ(random_hex(8).size(), 16u);
}

}  // namespace
}  // namespace bh::redis
