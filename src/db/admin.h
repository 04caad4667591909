#pragma once
// Database-level administration that cannot run inside a transaction: creating and dropping the
// per-service databases.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <string_view>

#include "db/connect_options.h"

namespace bh::db {

// Creates database `name` on the server `server` points at (its own database is only used to connect)
// unless it exists. True when this call created it. Safe when several processes race to create it.
boost::asio::awaitable<bool> ensure_database(boost::asio::any_io_executor executor, ConnectOptions server,
                                             std::string_view name);

// DROP DATABASE IF EXISTS ... WITH (FORCE): ends its sessions first. For tests and tooling.
boost::asio::awaitable<void> drop_database(boost::asio::any_io_executor executor, ConnectOptions server,
                                           std::string_view name);

}  // namespace bh::db
