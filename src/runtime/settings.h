#pragma once
// What the runtime reads for every service of the process (declared in settings.cpp): threads and
// shutdown, the HTTP servers, the services' ports, and the clients every service shares (PostgreSQL,
// Redis, Kafka). A service's own settings are declared in its folder and read with
// `<service>_settings().read(runtime.config())`.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "bus/settings.h"
#include "core/settings.h"
#include "db/settings.h"
#include "http/server.h"
#include "identity/jwks_client.h"
#include "identity/token_settings.h"
#include "redis/options.h"

namespace bh::runtime {

struct ProcessSettings {
    int threads = 0;  // 0 = one per CPU the process may use (cpu_budget.h)
    std::chrono::milliseconds shutdown_timeout{};
};

struct HttpSettings {
    http::ServerOptions server;  // every field but service and port
    std::string metrics_allow;   // address list (core/address_list.h)
    std::chrono::milliseconds client_timeout{};
    std::size_t max_upload_file_bytes = 0;  // an invoice file
};

// The port of each service of the system: where it listens, and where the others reach it unless
// told otherwise (portal.<service>_url, security.jwks_url).
struct ServicePorts {
    std::uint16_t portal = 0;
    std::uint16_t auth = 0;
    std::uint16_t budget = 0;
    std::uint16_t notification = 0;
    std::uint16_t payment = 0;
    // Throws std::logic_error for a name that is not a service.
    std::uint16_t of(std::string_view service) const;
};

struct RuntimeSettings {
    ProcessSettings process;
    HttpSettings http;
    ServicePorts ports;
    db::PostgresSettings postgres;
    redis::RedisSettings redis;
    bus::KafkaSettings kafka;
    identity::TokenSettings tokens;
};

// Each part on its own (app/config_schema.cpp lists them as sections), and all of them together.
const settings::Declaration<ProcessSettings>& process_settings();
const settings::Declaration<HttpSettings>& http_settings();
const settings::Declaration<ServicePorts>& port_settings();
const settings::Declaration<RuntimeSettings>& runtime_settings();

// http://<http.bind>:<port of service> (a wildcard bind becomes 127.0.0.1): where a service of
// this system is reached when no URL is configured for it.
std::string local_base_url(const RuntimeSettings& settings, std::string_view service);

// security.jwks_url, or auth's local address; the fetch deadline at most 5 s.
identity::JwksClientOptions jwks_options(const RuntimeSettings& settings);

// The server of one service: the http.* settings with its name and port.
http::ServerOptions server_options(const HttpSettings& settings, std::string service, std::uint16_t port);

}  // namespace bh::runtime
