#include "redis/scripts.h"

namespace bh::redis::scripts {

const Script& lock_release() {
    static const Script script(R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
)lua");
    return script;
}

const Script& lock_extend() {
    static const Script script(R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
)lua");
    return script;
}

// Only admitted hits are recorded: a client that keeps hammering while refused does not push its
// own retry time further out. Scores are milliseconds: Lua turns numbers into strings with 14
// significant digits, enough for epoch milliseconds but not microseconds.
const Script& deny_list_complete() {
    static const Script script(R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[2], '1')
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
)lua");
    return script;
}

const Script& sliding_window() {
    static const Script script(R"lua(
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return {1, limit - count - 1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local retry_after = window
if oldest[2] then
  retry_after = tonumber(oldest[2]) + window - now
end
if retry_after < 1 then
  retry_after = 1
end
return {0, 0, retry_after}
)lua");
    return script;
}

}  // namespace bh::redis::scripts
