#pragma once
// SQL for the record of denied access tokens (table denied_access_tokens): what the Redis deny-list
// is rebuilt from.
#include <boost/asio/awaitable.hpp>
#include <vector>

#include "db/connection.h"
#include "services/auth/sessions/session_repository.h"

namespace bh::auth::denied_tokens {

// Records each token (a token already recorded is left as it is).
boost::asio::awaitable<void> record(db::Connection& db, const std::vector<sessions::AccessTokenRef>& tokens);
// Every recorded token whose expiry is after `after`.
boost::asio::awaitable<std::vector<sessions::AccessTokenRef>> alive(db::Connection& db,
                                                                    sessions::TimePoint after);
// Deletes the tokens that expired before `before`; returns how many.
boost::asio::awaitable<std::int64_t> purge(db::Connection& db, sessions::TimePoint before);

}  // namespace bh::auth::denied_tokens
