#pragma once
// The postgres.* settings (declared in settings.cpp) and the pool options built from them.
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "core/settings.h"
#include "db/pool.h"

namespace bh::db {

struct PostgresSettings {
    std::string url;
    std::string database_prefix;
    std::size_t pool_size = 0;
    std::size_t max_waiting = 0;
    std::chrono::milliseconds acquire_timeout{};
    std::chrono::milliseconds statement_timeout{};
    bool migrate_on_start = true;
};

const settings::Declaration<PostgresSettings>& postgres_settings();

// The pool of one service: database <database_prefix><service> on url.
PoolOptions pool_options(const PostgresSettings& settings, std::string_view service);
// The server itself (the database in url): for ensure_database.
ConnectOptions server_options(const PostgresSettings& settings);

}  // namespace bh::db
