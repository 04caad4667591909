#include "db/config.h"

namespace bh::db {

ConnectOptions server_options_from_config(const Config& config) {
    ConnectOptions options;
    options.url = config.get_string("postgres.url");
    options.statement_timeout = config.get_duration("postgres.statement_timeout");
    return options;
}

PoolOptions pool_options_from_config(const Config& config, std::string_view service) {
    PoolOptions options;
    options.connect = server_options_from_config(config);
    options.connect.database = service_database_name(config.get_string("postgres.database_prefix"), service);
    options.connect.application_name = "budgethub-" + std::string(service);
    options.size = static_cast<std::size_t>(config.get_int("postgres.pool_size"));
    options.max_waiting = static_cast<std::size_t>(config.get_int("postgres.max_waiting"));
    options.acquire_timeout = config.get_duration("postgres.acquire_timeout");
    return options;
}

}  // namespace bh::db
