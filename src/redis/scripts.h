#pragma once
// The Lua scripts behind the lock and the rate limiter, in one place so their text is reviewed
// (and unit-tested) together. Each runs atomically on the server.
#include "redis/script.h"

namespace bh::redis::scripts {

// KEYS[1] lock key, ARGV[1] owner token. Deletes the key only if it still holds the token.
// Returns 1 when released, 0 when the lock was not ours (expired, or taken by someone else).
const Script& lock_release();

// KEYS[1] lock key, ARGV[1] owner token, ARGV[2] new TTL in ms. Resets the TTL only if the key
// still holds the token. Returns 1 when extended, 0 when the lock was not ours.
const Script& lock_extend();

// Sliding-window log. KEYS[1] sorted set of admitted hits (score = server time in ms),
// ARGV[1] limit, ARGV[2] window in ms, ARGV[3] a unique member for this hit.
// Returns {allowed (1|0), remaining, retry_after_ms} where retry_after_ms is 0 when allowed, else
// how long until the oldest admitted hit leaves the window. Time comes from the server (TIME), so
// every instance judges by the same clock.
const Script& sliding_window();

// KEYS[1] rebuild key, KEYS[2] completeness marker, ARGV[1] the rebuilder's token. Sets the marker
// only if the rebuild key still holds the token, i.e. the server was not restarted (or flushed)
// while the rebuild ran; deletes the rebuild key. Returns 1 when marked complete, else 0.
const Script& deny_list_complete();

}  // namespace bh::redis::scripts
