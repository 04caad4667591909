#pragma once
// A service's own database: created when missing, migrated to the embedded migrations. Used at
// start-up (postgres.migrate_on_start) and by `budgethub migrate`.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <span>
#include <string_view>

#include "db/migration.h"
#include "db/settings.h"

namespace bh::runtime {

boost::asio::awaitable<void> prepare_database(boost::asio::any_io_executor executor,
                                              const db::PostgresSettings& settings, std::string_view service,
                                              std::span<const db::Migration> migrations);

}  // namespace bh::runtime
