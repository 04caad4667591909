#pragma once
// Where the Redis client connects and how long it waits. Built from redis.url / redis.timeout.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace bh {
class Config;
}

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

// redis.url and redis.timeout.
ClientOptions client_options_from_config(const bh::Config& config);

}  // namespace bh::redis
