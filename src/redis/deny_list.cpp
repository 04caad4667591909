// Redis side of the shared deny-list of access tokens (see deny_list.h): entries with absolute expiry
// and the completeness marker that tells a whole list from one Redis has forgotten.
#include "redis/deny_list.h"

#include "core/error.h"
#include "redis/random_token.h"
#include "redis/scripts.h"

namespace bh::redis {

namespace {

// Names that no jti takes: token ids are UUIDs or base64url, neither contains '~'.
constexpr std::string_view kCompleteSuffix = "~complete";
constexpr std::string_view kRebuildSuffix = "~rebuild";
// A rebuild that died half-way leaves its key behind this long at most.
constexpr int kRebuildKeyTtlMs = 10 * 60 * 1000;

}  // namespace

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
    const Reply reply = co_await client_.command("MGET", key_for(id), key_for(kCompleteSuffix));
    const auto& values = reply.as_array();
    if (values.size() != 2) throw bh::internal("redis: MGET of 2 keys answered " + reply.to_debug_string());
    if (!values[0].is_nil()) co_return true;
    if (values[1].is_nil()) {
        throw unavailable("Token revocation cannot be checked right now",
                          "the deny-list is being rebuilt (Redis lost it)");
    }
    co_return false;
}

boost::asio::awaitable<bool> DenyList::is_complete() {
    const Reply reply = co_await client_.command("EXISTS", key_for(kCompleteSuffix));
    co_return reply.as_integer() == 1;
}

boost::asio::awaitable<std::string> DenyList::begin_rebuild() {
    auto token = random_hex();
    const Reply reply =
        co_await client_.command("SET", key_for(kRebuildSuffix), token, "PX", kRebuildKeyTtlMs);
    if (!reply.is_status("OK")) throw bh::internal("redis: SET answered " + reply.to_debug_string());
    co_return token;
}

boost::asio::awaitable<bool> DenyList::complete_rebuild(const std::string& token) {
    // Arguments named before the co_await (g++ 12 mishandles braced lists inside one).
    std::vector<std::string> keys{key_for(kRebuildSuffix), key_for(kCompleteSuffix)};
    std::vector<std::string> args{token};
    const Reply reply =
        co_await client_.eval(scripts::deny_list_complete(), std::move(keys), std::move(args));
    co_return reply.as_integer() == 1;
}

}  // namespace bh::redis
