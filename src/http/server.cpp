#include "http/server.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <list>
#include <mutex>

#include "core/access_log.h"
#include "http/error_response.h"
#include "http/trace.h"

namespace bh::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

namespace {

Response error_for(ErrorKind kind, const char* code, const char* message) {
    return error_response(AppError(kind, code, message));
}

// Converts the parsed Beast request into the framework-free Request. Returns false on a target
// that is not a valid origin-form URI.
bool to_request(bhttp::request<bhttp::string_body>&& in, const tcp::endpoint& remote, Request& out) {
    out.method = method_from_string(in.method_string());
    out.target = std::string(in.target());
    auto url = boost::urls::parse_origin_form(out.target);
    if (!url) return false;
    out.path = url->path();
    out.query = std::string(url->encoded_query());
    out.headers.reserve(16);
    for (const auto& field : in) {
        out.headers.emplace_back(lower_case(field.name_string()), std::string(field.value()));
    }
    out.body = std::move(in.body());
    out.remote_address = remote.address().to_string();
    return true;
}

bhttp::response<bhttp::string_body> to_beast(Response&& in, const Request& request, unsigned version,
                                             bool keep_alive) {
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(in.status), version};
    if (!in.content_type.empty()) out.set(bhttp::field::content_type, in.content_type);
    for (auto& [name, value] : in.headers) out.set(name, value);
    if (!request.request_id.empty()) out.set("X-Request-Id", request.request_id);
    if (!request.traceparent.empty()) out.set("traceparent", request.traceparent);
    const bool head = request.method == Method::Head;
    out.body() = head ? std::string() : std::move(in.body);
    out.keep_alive(keep_alive);
    out.prepare_payload();
    if (head) out.content_length(in.body.size());
    return out;
}

// A parse error from Beast (as opposed to a timeout, a reset or a clean close).
bool is_malformed(const beast::error_code& ec) {
    static const auto& http_category = bhttp::make_error_code(bhttp::error::bad_target).category();
    return ec.category() == http_category && ec != bhttp::error::end_of_stream &&
           ec != bhttp::error::partial_message;
}

}  // namespace

struct Server::Impl : std::enable_shared_from_this<Server::Impl> {
    // Deadlines: one watchdog timer per connection instead of a timer armed and cancelled around
    // every read and write. Each phase just stores its deadline; the watchdog sleeps until the
    // earliest deadline it knows of, re-arms if the deadline moved on, and cancels the socket's
    // I/O once it has really passed. Everything here runs on the connection's executor: its shard's
    // one thread, or a strand (IoShards::serial).
    struct Connection {
        using Clock = std::chrono::steady_clock;
        asio::any_io_executor executor;
        tcp::socket socket;
        asio::steady_timer watchdog;
        Clock::time_point deadline = Clock::time_point::max();  // max = no deadline (handler running)
        bool idle = true;
        bool timed_out = false;
        bool closed = false;
        Connection(const asio::any_io_executor& e, tcp::socket sock)
            : executor(e), socket(std::move(sock)), watchdog(e) {}

        void expires_after(std::chrono::milliseconds d) { deadline = Clock::now() + d; }
        void no_deadline() { deadline = Clock::time_point::max(); }
        void cancel() {
            beast::error_code ignored;
            socket.cancel(ignored);
        }
    };

    static asio::awaitable<void> watch(std::shared_ptr<Connection> c) {
        while (!c->closed) {
            const auto now = Connection::Clock::now();
            if (c->deadline <= now) {
                c->timed_out = true;
                c->cancel();
                c->deadline = Connection::Clock::time_point::max();
            }
            // Sleep until the deadline, or a while when there is none (a handler is running).
            const auto wake = c->deadline == Connection::Clock::time_point::max()
                                  ? now + std::chrono::seconds(1)
                                  : c->deadline;
            c->watchdog.expires_at(wake);
            co_await c->watchdog.async_wait(use_tuple);
        }
    }

    IoShards shards;  // the first: the acceptor and stop()'s timer; all: connections in turn
    ServerOptions options;
    Router router;
    Metrics& metrics;
    tcp::acceptor acceptor;
    std::vector<Metrics::RouteInstruments> route_metrics;  // by RouteMatch::route_index
    Metrics::RouteInstruments unmatched_metrics;
    prometheus::Gauge& connection_gauge;
    std::atomic<bool> draining{false};
    std::atomic<std::size_t> connection_count{0};
    std::atomic<std::size_t> in_process_calls{0};
    std::mutex connections_mutex;
    std::list<std::weak_ptr<Connection>> connections;

    std::optional<asio::ssl::context> tls;  // set: every connection is TLS

    Impl(const IoShards& ex, ServerOptions opts, Router r, Metrics& m)
        : shards(ex),
          options(std::move(opts)),
          router(std::move(r)),
          metrics(m),
          acceptor(asio::make_strand(shards.first())),  // a strand: stop() closes it from another thread
          connection_gauge(m.open_connections(options.service)) {
        if (!options.tls_certificate_file.empty() || !options.tls_private_key_file.empty())
            tls = tls_context();
        for (const auto& [method, pattern] : router.routes()) {
            route_metrics.push_back(metrics.route(options.service, pattern, std::string(to_string(method))));
        }
        unmatched_metrics = metrics.route(options.service, "unmatched", "any");
    }

    // TLS 1.2 and 1.3 only, the certificate chain and key from PEM files. Throws std::runtime_error
    // naming the file when one cannot be used, so a wrong path stops the start, never serves plain.
    asio::ssl::context tls_context() const {
        if (options.tls_certificate_file.empty() || options.tls_private_key_file.empty())
            throw std::runtime_error(options.service + ": TLS needs both a certificate and a key file");
        asio::ssl::context context(asio::ssl::context::tls_server);
        context.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                            asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                            asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
        beast::error_code ec;
        context.use_certificate_chain_file(options.tls_certificate_file, ec);
        if (ec)
            throw std::runtime_error("TLS certificate " + options.tls_certificate_file + ": " + ec.message());
        context.use_private_key_file(options.tls_private_key_file, asio::ssl::context::pem, ec);
        if (ec) throw std::runtime_error("TLS key " + options.tls_private_key_file + ": " + ec.message());
        return context;
    }

    void listen() {
        tcp::endpoint endpoint(asio::ip::make_address(options.bind), options.port);
        acceptor.open(endpoint.protocol());
        acceptor.set_option(asio::socket_base::reuse_address(true));
        acceptor.bind(endpoint);
        acceptor.listen(asio::socket_base::max_listen_connections);
        asio::co_spawn(acceptor.get_executor(), accept_loop(shared_from_this()), asio::detached);
    }

    static asio::awaitable<void> accept_loop(std::shared_ptr<Impl> self) {
        for (;;) {
            auto executor = self->shards.serial(self->shards.next());
            auto [ec, socket] = co_await self->acceptor.async_accept(executor, use_tuple);
            if (ec) {
                if (ec == asio::error::operation_aborted || !self->acceptor.is_open()) co_return;
                spdlog::warn("{}: accept failed: {}", self->options.service, ec.message());
                continue;
            }
            socket.set_option(tcp::no_delay(true));
            auto connection = std::make_shared<Connection>(executor, std::move(socket));
            asio::co_spawn(executor, session(self, connection), asio::detached);
        }
    }

    void track(const std::shared_ptr<Connection>& connection,
               std::list<std::weak_ptr<Connection>>::iterator& slot) {
        std::lock_guard lock(connections_mutex);
        slot = connections.insert(connections.end(), connection);
        ++connection_count;
        connection_gauge.Increment();
    }

    void untrack(std::list<std::weak_ptr<Connection>>::iterator slot) {
        std::lock_guard lock(connections_mutex);
        connections.erase(slot);
        --connection_count;
        connection_gauge.Decrement();
    }

    static asio::awaitable<void> session(std::shared_ptr<Impl> self, std::shared_ptr<Connection> connection) {
        std::list<std::weak_ptr<Connection>>::iterator slot;
        self->track(connection, slot);
        asio::co_spawn(connection->executor, watch(connection), asio::detached);
        try {
            if (self->tls) {
                asio::ssl::stream<tcp::socket&> stream(connection->socket, *self->tls);
                connection->expires_after(self->options.read_timeout);  // bounds a stalled handshake
                auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::server, use_tuple);
                connection->no_deadline();
                if (ec) throw beast::system_error(ec);
                co_await self->serve(*connection, stream);
                connection->expires_after(std::chrono::seconds(1));  // close_notify, best effort
                co_await stream.async_shutdown(use_tuple);
                connection->no_deadline();
            } else {
                co_await self->serve(*connection, connection->socket);
            }
        } catch (const std::exception& e) {
            spdlog::debug("{}: connection ended: {}", self->options.service, e.what());
        }
        connection->closed = true;
        connection->watchdog.cancel();
        beast::error_code ignored;
        connection->socket.shutdown(tcp::socket::shutdown_both, ignored);
        connection->socket.close(ignored);
        self->untrack(slot);
    }

    template <class Stream>
    asio::awaitable<void> write(Connection& c, Stream& stream,
                                bhttp::response<bhttp::string_body>& response) {
        c.expires_after(options.write_timeout);
        auto [ec, n] = co_await bhttp::async_write(stream, response, use_tuple);
        c.no_deadline();
        if (ec) throw beast::system_error(ec);
    }

    // One connection's requests, over the plain socket or its TLS stream.
    template <class Stream>
    asio::awaitable<void> serve(Connection& c, Stream& stream) {
        if (connection_count > options.max_connections) {
            Request none;
            auto busy = to_beast(error_for(ErrorKind::Unavailable, errc::kUnavailable, "Server is busy"),
                                 none, 11, false);
            co_await write(c, stream, busy);
            co_return;
        }
        beast::flat_buffer buffer;
        beast::error_code remote_ec;
        const auto remote = c.socket.remote_endpoint(remote_ec);
        while (!draining) {
            bhttp::request_parser<bhttp::string_body> parser;
            parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
            parser.body_limit(options.max_body_bytes);
            c.idle = true;
            c.expires_after(options.idle_timeout);
            auto [hec, hn] = co_await bhttp::async_read_header(stream, buffer, parser, use_tuple);
            c.idle = false;
            if (!hec && !parser.is_done()) {
                c.expires_after(options.read_timeout);
                auto [bec, bn] = co_await bhttp::async_read(stream, buffer, parser, use_tuple);
                hec = bec;
            }
            c.no_deadline();
            if (hec) {
                if (hec == bhttp::error::header_limit) {
                    co_await reject(c, stream, ErrorKind::HeadersTooLarge, errc::kHeadersTooLarge,
                                    "Request header fields too large");
                } else if (hec == bhttp::error::body_limit) {
                    co_await reject(c, stream, ErrorKind::PayloadTooLarge, errc::kPayloadTooLarge,
                                    "Request body too large");
                    co_await linger(c, stream);
                } else if (is_malformed(hec)) {
                    co_await reject(c, stream, ErrorKind::BadRequest, errc::kValidation,
                                    "Malformed HTTP request");
                }
                co_return;  // timeouts, resets and clean closes end the connection quietly
            }
            const auto started = std::chrono::steady_clock::now();
            auto beast_request = parser.release();
            const unsigned version = beast_request.version();
            const bool keep_alive = beast_request.keep_alive();
            Request request;
            Response response;
            if (!to_request(std::move(beast_request), remote, request)) {
                request.request_id = request_id_from({});
                response = error_for(ErrorKind::BadRequest, errc::kValidation, "Malformed request target");
            } else {
                response = co_await dispatch(request);
            }
            auto out = to_beast(std::move(response), request, version, keep_alive && !draining);
            const int status = static_cast<int>(out.result_int());
            co_await write(c, stream, out);
            log_access(request, status, out.body().size(), started);
            if (!out.keep_alive()) co_return;
        }
    }

    void log_access(const Request& request, int status, std::size_t body_bytes,
                    std::chrono::steady_clock::time_point started) const {
        if (!options.access_log) return;
        const auto seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        AccessLog::write({options.service, to_string(request.method), request.path, request.route, status,
                          seconds * 1000, body_bytes, request.request_id});
    }

    asio::awaitable<Response> handle_in_process(Request& request) {
        const auto started = std::chrono::steady_clock::now();
        ++in_process_calls;  // stop() waits for these as for connections
        struct Done {
            std::atomic<std::size_t>& calls;
            ~Done() { --calls; }
        } done{in_process_calls};
        Response response;
        if (draining) {
            request.request_id = request_id_from(request.header("x-request-id"));
            response = error_for(ErrorKind::Unavailable, errc::kUnavailable, "Server is shutting down");
        } else if (request.body.size() > options.max_body_bytes) {
            request.request_id = request_id_from(request.header("x-request-id"));
            response =
                error_for(ErrorKind::PayloadTooLarge, errc::kPayloadTooLarge, "Request body too large");
        } else {
            response = co_await dispatch(request);
        }
        log_access(request, response.status, response.body.size(), started);
        co_return response;
    }

    // Reads and drops what the client still sends (a refused body) until it closes, pauses for a second, or
    // the linger bounds are reached; then the caller closes with nothing unread, so no reset.
    template <class Stream>
    asio::awaitable<void> linger(Connection& c, Stream& stream) {
        if (!tls) {  // over TLS the session must stay whole for the close_notify
            beast::error_code ignored;
            c.socket.shutdown(tcp::socket::shutdown_send, ignored);
        }
        std::vector<char> scratch(64 * 1024);
        std::size_t drained = 0;
        const auto until = std::chrono::steady_clock::now() + options.linger_time;
        while (drained < options.linger_max_bytes && std::chrono::steady_clock::now() < until) {
            c.expires_after(
                std::min<std::chrono::milliseconds>(options.linger_time, std::chrono::seconds(1)));
            auto [ec, n] = co_await stream.async_read_some(asio::buffer(scratch), use_tuple);
            if (ec) break;
            drained += n;
        }
        c.no_deadline();
    }

    template <class Stream>
    asio::awaitable<void> reject(Connection& c, Stream& stream, ErrorKind kind, const char* code,
                                 const char* message) {
        Request none;
        auto out = to_beast(error_for(kind, code, message), none, 11, false);
        c.expires_after(options.write_timeout);
        co_await bhttp::async_write(stream, out, use_tuple);  // best effort: the connection closes next
    }

    asio::awaitable<Response> dispatch(Request& request) {
        request.request_id = request_id_from(request.header("x-request-id"));
        request.traceparent = next_traceparent(request.header("traceparent"));
        const auto started = std::chrono::steady_clock::now();
        auto match = router.match(request.method, request.path);
        auto& instruments = match.outcome == RouteMatch::Outcome::Found ? route_metrics[match.route_index]
                                                                        : unmatched_metrics;
        Response response;
        if (match.outcome == RouteMatch::Outcome::NotFound) {
            response = error_for(ErrorKind::NotFound, errc::kNotFound, "No route for this path");
        } else if (match.outcome == RouteMatch::Outcome::MethodNotAllowed) {
            response = error_for(ErrorKind::MethodNotAllowed, errc::kMethodNotAllowed, "Method not allowed");
            response.with_header("Allow", match.allowed);
        } else {
            request.route = *match.pattern;
            request.path_params = std::move(match.params);
            std::exception_ptr failure;
            try {
                response = co_await (*match.handler)(request);
            } catch (...) {
                failure = std::current_exception();
            }
            if (failure) {
                response =
                    error_response(failure, request.request_id, error_format(request.header("accept")));
            }
        }
        instruments.observe(
            response.status,
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        co_return response;
    }

    // Closes idle keep-alive connections now; busy ones close after their current response.
    void close_idle() {
        std::lock_guard lock(connections_mutex);
        for (auto& weak : connections) {
            if (auto connection = weak.lock()) {
                asio::post(connection->executor, [connection] {
                    if (connection->idle) connection->cancel();
                });
            }
        }
    }

    void close_all() {
        std::lock_guard lock(connections_mutex);
        for (auto& weak : connections) {
            if (auto connection = weak.lock()) {
                asio::post(connection->executor, [connection] { connection->cancel(); });
            }
        }
    }
};

Server::Server(const IoShards& executors, ServerOptions options, Router router, Metrics& metrics)
    : impl_(std::make_shared<Impl>(executors, std::move(options), std::move(router), metrics)) {}

Server::Server(const asio::any_io_executor& executor, ServerOptions options, Router router, Metrics& metrics)
    : Server(IoShards(executor), std::move(options), std::move(router), metrics) {}

Server::~Server() {
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
}

void Server::start() {
    impl_->listen();
}

std::uint16_t Server::port() const {
    return impl_->acceptor.local_endpoint().port();
}

std::size_t Server::open_connections() const {
    return impl_->connection_count;
}

asio::awaitable<Response> Server::handle(Request& request) {
    auto impl = impl_;  // the frame keeps the server's state alive for the whole call
    co_return co_await impl->handle_in_process(request);
}

asio::awaitable<void> Server::stop(std::chrono::milliseconds grace) {
    auto impl = impl_;
    impl->draining = true;
    co_await asio::post(impl->acceptor.get_executor(), asio::use_awaitable);
    beast::error_code ignored;
    impl->acceptor.close(ignored);
    impl->close_idle();
    const auto deadline = std::chrono::steady_clock::now() + grace;
    asio::steady_timer timer(impl->shards.first());
    while ((impl->connection_count > 0 || impl->in_process_calls > 0) &&
           std::chrono::steady_clock::now() < deadline) {
        timer.expires_after(std::chrono::milliseconds(10));
        co_await timer.async_wait(use_tuple);
        impl->close_idle();  // a connection may have gone idle since the last pass
    }
    if (impl->connection_count > 0) {
        spdlog::warn("{}: closing {} connections still open after the grace period", impl->options.service,
                     impl->connection_count.load());
        impl->close_all();
    }
    if (impl->in_process_calls > 0) {
        spdlog::warn("{}: {} in-process calls still running after the grace period", impl->options.service,
                     impl->in_process_calls.load());
    }
}

}  // namespace bh::http
