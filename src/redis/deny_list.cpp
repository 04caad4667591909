#include "redis/deny_list.h"

#include "core/error.h"

namespace bh::redis {

DenyList::DenyList(Client client, std::string name)
    : client_(std::move(client)), prefix_("bh:deny:" + std::move(name) + ":") {}

std::string DenyList::key_for(std::string_view id) const {
    return prefix_ + std::string(id);
}

boost::asio::awaitable<void> DenyList::add(std::string_view id, std::chrono::system_clock::time_point until) {
    const auto until_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(until.time_since_epoch()).count();
    if (until_ms <= 0) {
        co_return;  // Redis refuses a non-positive PXAT; such a token is long dead
    }
    // An absolute expiry (PXAT, Redis >= 6.2) rather than a TTL: the entry dies exactly with the
    // token, however long the command took to arrive.
    const Reply reply = co_await client_.command("SET", key_for(id), "1", "PXAT", until_ms);
    if (!reply.is_status("OK")) {
        throw bh::internal("redis: SET PXAT answered " + reply.to_debug_string());
    }
}

boost::asio::awaitable<bool> DenyList::contains(std::string_view id) {
    const Reply reply = co_await client_.command("EXISTS", key_for(id));
    co_return reply.as_integer() == 1;
}

}  // namespace bh::redis
