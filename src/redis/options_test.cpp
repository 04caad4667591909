#include "redis/options.h"

#include <gtest/gtest.h>

#include "core/config.h"

namespace bh::redis {
namespace {

TEST(RedisUrlTest, HostPortDatabase) {
    const auto o = parse_redis_url("redis://10.1.2.3:6380/4");
    EXPECT_EQ(o.host, "10.1.2.3");
    EXPECT_EQ(o.port, 6380);
    EXPECT_EQ(o.database, 4);
    EXPECT_EQ(o.username, "");
    EXPECT_EQ(o.password, "");
}

TEST(RedisUrlTest, Defaults) {
    const auto o = parse_redis_url("redis://cache.internal");
    EXPECT_EQ(o.host, "cache.internal");
    EXPECT_EQ(o.port, 6379);
    EXPECT_EQ(o.database, 0);
    EXPECT_EQ(parse_redis_url("redis://h:1/").database, 0);
}

TEST(RedisUrlTest, Credentials) {
    const auto password_only = parse_redis_url("redis://:s3cret@h:1/0");
    EXPECT_EQ(password_only.username, "");
    EXPECT_EQ(password_only.password, "s3cret");
    const auto acl = parse_redis_url("redis://app:p%40ss%3Aw0rd@h:1/0");
    EXPECT_EQ(acl.username, "app");
    EXPECT_EQ(acl.password, "p@ss:w0rd");
}

TEST(RedisUrlTest, Ipv6) {
    const auto o = parse_redis_url("redis://[::1]:7000/2");
    EXPECT_EQ(o.host, "::1");
    EXPECT_EQ(o.port, 7000);
    EXPECT_EQ(o.describe(), "[::1]:7000/2");
}

TEST(RedisUrlTest, DescribeHidesCredentials) {
    const auto o = parse_redis_url("redis://app:topsecret@h:1/3");
    EXPECT_EQ(o.describe(), "h:1/3");
}

TEST(RedisUrlTest, Rejects) {
    for (const char* bad : {"", "localhost:6379", "http://h:1/0", "rediss://h:1/0", "redis://h:1/x",
                            "redis://h:1/-1", "redis://h:1/0/1", "redis://h:0/0", "redis://h:70000/0",
                            "redis://h:1/0?timeout=1", "redis:///0", "redis://justaword@h:1/0"}) {
        EXPECT_THROW(parse_redis_url(bad), bh::ConfigError) << bad;
    }
}

TEST(RedisUrlTest, ErrorsNeverEchoThePassword) {
    try {
        parse_redis_url("redis://u:hunter2@h:1/nope");
        FAIL() << "no exception";
    } catch (const bh::ConfigError& e) {
        EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos);
        for (const auto& p : e.problems()) {
            EXPECT_EQ(p.find("hunter2"), std::string::npos);
        }
    }
}

TEST(RedisUrlTest, FromSettings) {
    const auto config = bh::Config::load_yaml_text(
        "redis:\n  url: redis://:pw@127.0.0.1:6390/1\n  timeout: 250ms\n", {}, redis_settings().keys());
    const auto o = client_options(redis_settings().read(config));
    EXPECT_EQ(o.port, 6390);
    EXPECT_EQ(o.database, 1);
    EXPECT_EQ(o.password, "pw");
    EXPECT_EQ(o.timeout, std::chrono::milliseconds(250));
}

}  // namespace
}  // namespace bh::redis
