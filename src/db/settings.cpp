// The postgres.* settings: declared here, next to the pool options they become.
#include "db/settings.h"

namespace bh::db {

using namespace std::chrono_literals;

const settings::Declaration<PostgresSettings>& postgres_settings() {
    using S = PostgresSettings;
    static const auto declaration =
        settings::Declaration<S>()
            .text(&S::url, "postgres.url", "postgresql://postgres@127.0.0.1:5432/postgres",
                  "Server URL; each service uses its own database on it (see postgres.database_prefix)",
                  {.secret = true})
            .text(&S::database_prefix, "postgres.database_prefix", "budgethub_",
                  "Service databases are <prefix><service>; created by migrate when missing")
            .integer(&S::pool_size, "postgres.pool_size", 8,
                     "Connections per service, shared out over its I/O threads", {.min = 1, .max = 512})
            .integer(&S::max_waiting, "postgres.max_waiting", 1000,
                     "Requests queued for a connection before 503 (shared out like pool_size)",
                     {.min = 0, .max = 1'000'000})
            .duration(&S::acquire_timeout, "postgres.acquire_timeout", "5s", "Wait for a pooled connection",
                      {.min = 1ms, .max = 10min})
            .duration(&S::statement_timeout, "postgres.statement_timeout", "10s",
                      "Server-side statement_timeout", {.min = 1ms, .max = 60min})
            .flag(&S::migrate_on_start, "postgres.migrate_on_start", true,
                  "Apply pending migrations when a service starts");
    return declaration;
}

ConnectOptions server_options(const PostgresSettings& settings) {
    ConnectOptions options;
    options.url = settings.url;
    options.statement_timeout = settings.statement_timeout;
    return options;
}

PoolOptions pool_options(const PostgresSettings& settings, std::string_view service) {
    PoolOptions options;
    options.connect = server_options(settings);
    options.connect.database = service_database_name(settings.database_prefix, service);
    options.connect.application_name = "budgethub-" + std::string(service);
    options.size = settings.pool_size;
    options.max_waiting = settings.max_waiting;
    options.acquire_timeout = settings.acquire_timeout;
    return options;
}

}  // namespace bh::db
