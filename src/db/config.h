#pragma once
// PoolOptions from the postgres.* configuration keys (src/core/config_schema.cpp).
#include <string_view>

#include "core/config.h"
#include "db/pool.h"

namespace bh::db {

// The pool of one service: database <postgres.database_prefix><service> on postgres.url.
PoolOptions pool_options_from_config(const Config& config, std::string_view service);
// The server itself (the database in postgres.url): for ensure_database.
ConnectOptions server_options_from_config(const Config& config);

}  // namespace bh::db
