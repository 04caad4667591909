#pragma once
// Revoked token ids (JWT jti), shared by every instance: bh:deny:<name>:<id> exists until the moment
// the token would have expired anyway, then Redis drops it by itself (SET ... PXAT), so the list
// never outgrows the tokens still alive.
//
// Redis is the fast path, not the record: the service that revokes keeps every denial in its
// database too, and rebuilds the list when Redis lost it (a restart without persistence, a flush, a
// failover). Whether the list is whole is kept in Redis itself: the marker bh:deny:<name>:~complete
// is set by a finished rebuild and vanishes with the data. While it is missing, contains() cannot
// tell "not revoked" from "forgotten" and fails closed (Unavailable) for ids it does not hold.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <string>
#include <string_view>

#include "redis/client.h"

namespace bh::redis {

class DenyList {
  public:
    DenyList(Client client, std::string name);

    // Denies `id` until `until` (pass the token's exp plus whatever clock leeway validators allow).
    // A time already past is a no-op: the token is dead anyway.
    boost::asio::awaitable<void> add(std::string_view id, std::chrono::system_clock::time_point until);
    // True when denied; false when not denied and the list is whole; throws AppError Unavailable
    // when the list is not known to be whole (see above). One round trip.
    boost::asio::awaitable<bool> contains(std::string_view id);

    // The rebuild, in three steps: begin() returns a token; add() every recorded denial;
    // complete(token) marks the list whole, unless Redis lost the data meanwhile (returns false:
    // begin again).
    boost::asio::awaitable<bool> is_complete();
    boost::asio::awaitable<std::string> begin_rebuild();
    boost::asio::awaitable<bool> complete_rebuild(const std::string& token);

    std::string key_for(std::string_view id) const;

  private:
    Client client_;
    std::string prefix_;
};

}  // namespace bh::redis
