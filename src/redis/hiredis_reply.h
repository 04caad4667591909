#pragma once
// Internal to src/redis: copies a hiredis reply into a Reply value. hiredis frees its reply as soon as
// the callback returns, so the copy happens inside the callback.
#include <hiredis/hiredis.h>

#include "redis/reply.h"

namespace bh::redis::detail {

Reply to_reply(const redisReply& reply);

}  // namespace bh::redis::detail
