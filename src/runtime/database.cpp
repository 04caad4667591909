#include "runtime/database.h"

#include <spdlog/spdlog.h>

#include "db/admin.h"
#include "db/migrations.h"

namespace bh::runtime {

boost::asio::awaitable<void> prepare_database(boost::asio::any_io_executor executor,
                                              const db::PostgresSettings& settings, std::string_view service,
                                              std::span<const db::Migration> migrations) {
    const auto pool_options = db::pool_options(settings, service);
    const auto& name = pool_options.connect.database;
    const bool created = co_await db::ensure_database(executor, db::server_options(settings), name);
    if (created) {
        spdlog::info("{}: created database {}", service, name);
    }
    const auto report = co_await db::migrate(executor, pool_options.connect, service, migrations);
    for (const auto& file : report.applied) spdlog::info("{}: applied migration {}", service, file);
    spdlog::info("{}: schema up to date ({} migration(s), {} new)", service, migrations.size(),
                 report.applied.size());
}

}  // namespace bh::runtime
