#pragma once
// Where the Redis client connects and how long it waits: the redis.* settings, declared in options.cpp.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/settings.h"

namespace bh::redis {

struct ClientOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 6379;
    int database = 0;
    std::string username;  // ACL user; empty = the default user
    std::string password;  // empty = no AUTH
    // Deadline of one command, connecting included (bh::AppError Timeout past it).
    std::chrono::milliseconds timeout{2'000};
    // After a failed connection attempt, commands fail fast with Unavailable for a jittered delay
    // that doubles per consecutive failure between these bounds, instead of hammering a dead server.
    std::chrono::milliseconds reconnect_backoff_min{100};
    std::chrono::milliseconds reconnect_backoff_max{5'000};

    // host:port/db without credentials: safe to log.
    std::string describe() const;
};

// redis://[[user]:password@]host[:port][/db] (user@host alone is refused as ambiguous). Percent-encoded
// credentials are decoded; IPv6 hosts go in brackets. rediss:// (TLS) is refused: hiredis 0.14 has no TLS.
// Throws bh::ConfigError with a message that never contains the password.
ClientOptions parse_redis_url(std::string_view url);

struct RedisSettings {
    std::string url;
    std::chrono::milliseconds timeout{};
};

// redis.url, redis.timeout
const settings::Declaration<RedisSettings>& redis_settings();

// Throws bh::ConfigError when the URL is not usable (see parse_redis_url).
ClientOptions client_options(const RedisSettings& settings);

}  // namespace bh::redis
