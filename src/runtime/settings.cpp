// The runtime's settings (runtime.*, http.*, the services' ports) declared, and joined with the
// shared clients' (postgres.*, redis.*, kafka.*) into the one RuntimeSettings.
#include "runtime/settings.h"

#include <stdexcept>

namespace bh::runtime {

using namespace std::chrono_literals;

namespace {

const settings::Declaration<http::ServerOptions>& server_settings() {
    using S = http::ServerOptions;
    static const auto declaration =
        settings::Declaration<S>()
            .text(&S::bind, "http.bind", "127.0.0.1", "Address every service listens on")
            .integer(&S::max_body_bytes, "http.max_body_bytes", 1 << 20,
                     "Largest request body accepted (413 above)", {.min = 1024, .max = 1LL << 30})
            .integer(&S::max_header_bytes, "http.max_header_bytes", 16 << 10,
                     "Largest request head accepted (431 above)", {.min = 1024, .max = 1LL << 20})
            .duration(&S::read_timeout, "http.read_timeout", "30s", "Deadline to read one request",
                      {.min = 100ms, .max = 10min})
            .duration(&S::write_timeout, "http.write_timeout", "30s", "Deadline to write one response",
                      {.min = 100ms, .max = 10min})
            .duration(&S::idle_timeout, "http.idle_timeout", "60s", "Keep-alive connection idle limit",
                      {.min = 100ms, .max = 60min})
            .integer(&S::max_connections, "http.max_connections", 10'000,
                     "Open connections per service before new ones wait", {.min = 1, .max = 1'000'000})
            .flag(&S::access_log, "http.access_log", true, "One log line per request");
    return declaration;
}

}  // namespace

const settings::Declaration<ProcessSettings>& process_settings() {
    using S = ProcessSettings;
    static const auto declaration =
        settings::Declaration<S>()
            .integer(
                &S::threads, "runtime.threads", 0,
                "I/O threads of the process, an io_context each; 0 = one per CPU it may use (affinity mask, "
                "cgroup v2 cpu.max)",
                {.min = 0, .max = 256})
            .duration(&S::shutdown_timeout, "runtime.shutdown_timeout", "10s",
                      "How long SIGTERM/SIGINT waits for requests and consumers to drain",
                      {.min = 100ms, .max = 10min});
    return declaration;
}

const settings::Declaration<HttpSettings>& http_settings() {
    using S = HttpSettings;
    static const auto declaration =
        settings::Declaration<S>()
            .nested(&S::server, server_settings())
            .text(&S::metrics_allow, "http.metrics_allow", "127.0.0.1,::1",
                  "Peer addresses (exact, comma-separated) that may read /metrics; others get 403. The "
                  "portal's port is public, so list the Prometheus host rather than opening it to all. * = "
                  "anyone")
            .duration(&S::client_timeout, "http.client_timeout", "10s",
                      "Default deadline of service-to-service calls", {.min = 10ms, .max = 10min})
            .integer(&S::max_upload_file_bytes, "http.max_upload_file_bytes", 2 << 20,
                     "Largest file accepted in an upload (an invoice's file; 400 MAX_UPLOAD_SIZE_EXCEEDED "
                     "above). The routes that take files, and the portal in front of them, accept bodies "
                     "big enough for it as base64 (4/3 larger) whatever http.max_body_bytes says",
                     {.min = 1024, .max = 64 << 20});
    return declaration;
}

const settings::Declaration<ServicePorts>& port_settings() {
    using S = ServicePorts;
    constexpr settings::Range port{.min = 0, .max = 65535};
    static const auto declaration =
        settings::Declaration<S>()
            .integer(&S::portal, "portal.port", 8080, "Portal (public gateway) port", port)
            .integer(&S::auth, "auth.port", 8081, "Auth service port", port)
            .integer(&S::budget, "budget.port", 8082, "Budget service port", port)
            .integer(&S::notification, "notification.port", 8083, "Notification service port", port)
            .integer(&S::payment, "payment.port", 8084, "Payment service port", port);
    return declaration;
}

std::uint16_t ServicePorts::of(std::string_view service) const {
    if (service == "portal") return portal;
    if (service == "auth") return auth;
    if (service == "budget") return budget;
    if (service == "notification") return notification;
    if (service == "payment") return payment;
    throw std::logic_error("no service named " + std::string(service));
}

const settings::Declaration<RuntimeSettings>& runtime_settings() {
    using S = RuntimeSettings;
    static const auto declaration = settings::Declaration<S>()
                                        .nested(&S::process, process_settings())
                                        .nested(&S::http, http_settings())
                                        .nested(&S::ports, port_settings())
                                        .nested(&S::postgres, db::postgres_settings())
                                        .nested(&S::redis, redis::redis_settings())
                                        .nested(&S::kafka, bus::kafka_settings())
                                        .nested(&S::tokens, identity::token_settings());
    return declaration;
}

std::string local_base_url(const RuntimeSettings& settings, std::string_view service) {
    auto host = settings.http.server.bind;
    if (host == "0.0.0.0" || host.empty()) host = "127.0.0.1";
    return "http://" + host + ":" + std::to_string(settings.ports.of(service));
}

identity::JwksClientOptions jwks_options(const RuntimeSettings& settings) {
    const auto& tokens = settings.tokens;
    return identity::JwksClientOptions{
        .url = tokens.jwks_url.empty() ? local_base_url(settings, "auth") + "/.well-known/jwks.json"
                                       : tokens.jwks_url,
        .refresh = tokens.jwks_refresh,
        .min_refresh = tokens.jwks_min_refresh,
        .timeout = std::min(settings.http.client_timeout, std::chrono::milliseconds(5000))};
}

http::ServerOptions server_options(const HttpSettings& settings, std::string service, std::uint16_t port) {
    http::ServerOptions options = settings.server;
    options.service = std::move(service);
    options.port = port;
    return options;
}

}  // namespace bh::runtime
