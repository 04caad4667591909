#include "redis/hiredis_reply.h"

#include <string>
#include <vector>

namespace bh::redis::detail {

Reply to_reply(const redisReply& reply) {
    switch (reply.type) {
        case REDIS_REPLY_STRING:
            return Reply::string(std::string(reply.str, reply.len));
        case REDIS_REPLY_STATUS:
            return Reply::status(std::string(reply.str, reply.len));
        case REDIS_REPLY_ERROR:
            return Reply::error(std::string(reply.str, reply.len));
        case REDIS_REPLY_INTEGER:
            return Reply::integer(reply.integer);
        case REDIS_REPLY_ARRAY: {
            std::vector<Reply> elements;
            elements.reserve(reply.elements);
            for (std::size_t i = 0; i < reply.elements; ++i) {
                elements.push_back(to_reply(*reply.element[i]));
            }
            return Reply::array(std::move(elements));
        }
        case REDIS_REPLY_NIL:
        default:
            // hiredis 0.14 speaks RESP2 only; nothing else can arrive.
            return Reply::nil();
    }
}

}  // namespace bh::redis::detail
