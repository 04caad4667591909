#pragma once
// One HTTP/1.1 server per service: keep-alive, bounded heads and bodies (431/413), deadlines on
// every read and write, one access-log line and metrics per request, graceful drain on stop.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/io_shards.h"
#include "http/metrics.h"
#include "http/router.h"

namespace bh::http {

struct ServerOptions {
    std::string service = "service";
    std::string bind = "127.0.0.1";
    std::uint16_t port = 0;  // 0 = any free port (tests)
    std::size_t max_body_bytes = 1 << 20;
    std::size_t max_header_bytes = 16 << 10;
    std::chrono::milliseconds read_timeout{30'000};
    std::chrono::milliseconds write_timeout{30'000};
    std::chrono::milliseconds idle_timeout{60'000};
    std::size_t max_connections = 10'000;
    bool access_log = true;
    // After refusing a body too large, the rest of what the client is still sending is read and dropped
    // for at most this long and this many bytes (a "lingering close", as nginx does), so that closing does
    // not reset the connection before the client has read the 413.
    std::chrono::milliseconds linger_time{10'000};
    std::size_t linger_max_bytes = 64u << 20;
    // HTTPS: PEM certificate chain and private key; both empty = plain HTTP. A file that cannot be
    // used makes the constructor throw. The handshake must finish within read_timeout.
    std::string tls_certificate_file = {};
    std::string tls_private_key_file = {};
};

class Server {
  public:
    // Accepts on the first executor and spreads connections over all of them in turn; a connection
    // is then served on its executor alone.
    Server(const IoShards& executors, ServerOptions options, Router router, Metrics& metrics);
    Server(const boost::asio::any_io_executor& executor, ServerOptions options, Router router,
           Metrics& metrics);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and starts accepting; throws std::system_error when the address is taken.
    void start();
    std::uint16_t port() const;
    // Stops accepting, lets in-flight requests finish (idle keep-alive connections close at once),
    // and after `grace` closes whatever is left.
    boost::asio::awaitable<void> stop(std::chrono::milliseconds grace);
    std::size_t open_connections() const;

    // One request without a socket, from a caller in the same process (the portal of
    // `serve --target all`): the same body limit, routing, error mapping, metrics and access line as
    // a request read from the wire, minus the loopback round trip. The caller owns the deadline.
    boost::asio::awaitable<Response> handle(Request& request);

  private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

}  // namespace bh::http
