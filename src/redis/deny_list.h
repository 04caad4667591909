#pragma once
// Revoked token ids (JWT jti), shared by every instance: bh:deny:<name>:<id> exists until the moment
// the token would have expired anyway, then Redis drops it by itself (SET ... PXAT), so the list
// never outgrows the tokens still alive.
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
    boost::asio::awaitable<bool> contains(std::string_view id);

    std::string key_for(std::string_view id) const;

  private:
    Client client_;
    std::string prefix_;
};

}  // namespace bh::redis
