// The platform's configuration keys, and the one list that joins them with each area's keys
// (config_keys_<area>.cpp). docs/configuration.md is generated from it (`budgethub config --schema`).
#include "core/config.h"
#include "core/config_keys.h"

namespace bh {

namespace {

using T = ConfigType;
constexpr std::int64_t kMinute = 60'000;

std::vector<ConfigKey> build() {
    std::vector<ConfigKey> keys = {
        {"log.level",
         T::String,
         "info",
         "Minimum log level",
         false,
         0,
         0,
         {"trace", "debug", "info", "warn", "error", "off"}},
        {"log.format",
         T::String,
         "json",
         "json: one JSON object a line; text: for humans",
         false,
         0,
         0,
         {"json", "text"}},
        {"runtime.threads", T::Int, "0", "I/O threads of the process; 0 = one per core", false, 0, 256},
        {"runtime.shutdown_timeout", T::DurationMs, "10s",
         "How long SIGTERM/SIGINT waits for requests and consumers to drain", false, 100, 10 * kMinute},
        {"runtime.worker_threads", T::Int, "2", "Threads for CPU-heavy work (argon2id, Excel)", false, 1, 64},

        {"http.bind", T::String, "127.0.0.1", "Address every service listens on"},
        {"http.max_body_bytes", T::Int, "1048576", "Largest request body accepted (413 above)", false, 1024,
         1LL << 30},
        {"http.max_header_bytes", T::Int, "16384", "Largest request head accepted (431 above)", false, 1024,
         1LL << 20},
        {"http.read_timeout", T::DurationMs, "30s", "Deadline to read one request", false, 100, 10 * kMinute},
        {"http.write_timeout", T::DurationMs, "30s", "Deadline to write one response", false, 100,
         10 * kMinute},
        {"http.idle_timeout", T::DurationMs, "60s", "Keep-alive connection idle limit", false, 100,
         60 * kMinute},
        {"http.max_connections", T::Int, "10000", "Open connections per service before new ones wait", false,
         1, 1'000'000},
        {"http.access_log", T::Bool, "true", "One log line per request"},
        {"http.metrics_allow", T::String, "127.0.0.1,::1",
         "Peer addresses (exact, comma-separated) that may read /metrics; others get 403. The portal's "
         "port is public, so list the Prometheus host rather than opening it to all. * = anyone"},
        {"http.client_timeout", T::DurationMs, "10s", "Default deadline of service-to-service calls", false,
         10, 10 * kMinute},

        {"portal.port", T::Int, "8080", "Portal (public gateway) port", false, 0, 65535},
        {"auth.port", T::Int, "8081", "Auth service port", false, 0, 65535},
        {"budget.port", T::Int, "8082", "Budget service port", false, 0, 65535},
        {"notification.port", T::Int, "8083", "Notification service port", false, 0, 65535},
        {"payment.port", T::Int, "8084", "Payment service port", false, 0, 65535},

        {"postgres.url", T::String, "postgresql://postgres@127.0.0.1:5432/postgres",
         "Server URL; each service uses its own database on it (see postgres.database_prefix)", true},
        {"postgres.database_prefix", T::String, "budgethub_",
         "Service databases are <prefix><service>; created by migrate when missing"},
        {"postgres.pool_size", T::Int, "8", "Connections per service", false, 1, 512},
        {"postgres.max_waiting", T::Int, "1000", "Requests queued for a connection before 503", false, 0,
         1'000'000},
        {"postgres.acquire_timeout", T::DurationMs, "5s", "Wait for a pooled connection", false, 1,
         10 * kMinute},
        {"postgres.statement_timeout", T::DurationMs, "10s", "Server-side statement_timeout", false, 1,
         60 * kMinute},
        {"postgres.migrate_on_start", T::Bool, "true", "Apply pending migrations when a service starts"},

        {"redis.url", T::String, "redis://127.0.0.1:6379/0", "Redis server", true},
        {"redis.timeout", T::DurationMs, "2s", "Deadline of one Redis command", false, 1, 10 * kMinute},

        {"kafka.brokers", T::String, "127.0.0.1:9092", "Bootstrap brokers, comma-separated"},
        {"kafka.client_id", T::String, "budgethub", "Client id prefix"},
        {"kafka.topic_prefix", T::String, "budgethub.", "Prefix of every topic name"},
        {"kafka.request_timeout", T::DurationMs, "10s", "Request/reply wait before 504", false, 10,
         10 * kMinute},
        {"kafka.outbox_poll_interval", T::DurationMs, "200ms", "Outbox relay poll when idle", false, 1,
         kMinute},
        {"kafka.outbox_batch", T::Int, "256", "Outbox rows published per batch", false, 1, 100'000},
    };
    return keys;
}

}  // namespace

const std::vector<ConfigKey>& config_schema() {
    static const std::vector<ConfigKey> schema = [] {
        std::vector<ConfigKey> all = build();
        for (auto area :
             {security_config_keys, auth_config_keys, portal_config_keys, budget_config_keys,
              storage_config_keys, notification_config_keys, mail_config_keys, payment_config_keys}) {
            auto keys = area();
            all.insert(all.end(), std::make_move_iterator(keys.begin()), std::make_move_iterator(keys.end()));
        }
        return all;
    }();
    return schema;
}

}  // namespace bh
