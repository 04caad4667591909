#include "http/client.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <map>
#include <mutex>
#include <vector>

#include "core/error.h"

namespace bh::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

std::string_view ClientResponse::header(std::string_view lower_case_name) const {
    for (const auto& [name, value] : headers) {
        if (name == lower_case_name) return value;
    }
    return {};
}

namespace {

struct Target {
    std::string host;
    std::string port;
    std::string origin;  // host:port, the pool key
    std::string path_and_query;
};

Target parse_target(const std::string& url) {
    auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed || parsed->scheme() != "http" || parsed->host().empty()) {
        throw internal("http client: unsupported URL " + url);
    }
    Target t;
    t.host = parsed->host();
    t.port = parsed->has_port() ? std::string(parsed->port()) : "80";
    t.origin = t.host + ":" + t.port;
    t.path_and_query = parsed->encoded_path().empty() ? "/" : std::string(parsed->encoded_path());
    if (parsed->has_query()) t.path_and_query += "?" + std::string(parsed->encoded_query());
    return t;
}

bool is_idempotent(Method m) {
    return m == Method::Get || m == Method::Head || m == Method::Put || m == Method::Delete ||
           m == Method::Options;
}

}  // namespace

struct Client::Impl {
    struct Connection {
        asio::any_io_executor executor;  // IoShards::serial: its shard, or a strand over it
        beast::tcp_stream stream;
        beast::flat_buffer buffer;
        std::chrono::steady_clock::time_point idle_since{};
        explicit Connection(const asio::any_io_executor& e) : executor(e), stream(e) {
            // Beast reads max(512, free capacity) at a time, and the parser consumes each chunk, so
            // an unreserved buffer never grows: every answer over 512 bytes cost two reads.
            buffer.reserve(kReadChunkBytes);
        }
        static constexpr std::size_t kReadChunkBytes = 16 << 10;
    };

    using IdleByOrigin = std::map<std::string, std::vector<std::unique_ptr<Connection>>, std::less<>>;

    Impl(const IoShards& executors, ClientOptions opts)
        : shards(executors), options(opts), idle(shards.size()) {}

    IoShards shards;
    ClientOptions options;
    mutable std::mutex mutex;
    std::vector<IdleByOrigin> idle;  // by shard

    std::unique_ptr<Connection> take_idle(std::size_t shard, const std::string& origin) {
        std::lock_guard lock(mutex);
        auto it = idle[shard].find(origin);
        if (it == idle[shard].end()) return nullptr;
        // Connections idle for longer than max_idle_time are dropped rather than reused: the server
        // may be closing them right now (its own idle timeout), and a request sent into a closing
        // connection is lost.
        const auto oldest_usable = std::chrono::steady_clock::now() - options.max_idle_time;
        auto& list = it->second;
        while (!list.empty()) {
            auto connection = std::move(list.back());
            list.pop_back();
            if (connection->idle_since >= oldest_usable) return connection;
        }
        return nullptr;
    }

    void give_back(std::size_t shard, const std::string& origin, std::unique_ptr<Connection> connection) {
        connection->idle_since = std::chrono::steady_clock::now();
        std::lock_guard lock(mutex);
        auto& list = idle[shard][origin];
        if (list.size() < options.max_idle_per_origin) list.push_back(std::move(connection));
    }

    // One request/response on one connection; runs on its shard's thread or its strand (see send).
    static asio::awaitable<ClientResponse> exchange(Connection& c, const Target& target,
                                                    const ClientRequest& request,
                                                    std::chrono::steady_clock::time_point deadline,
                                                    std::size_t max_bytes, bool& keep_alive) {
        bhttp::request<bhttp::string_body> out{bhttp::verb::get, target.path_and_query, 11};
        out.method_string(to_string(request.method));
        out.set(bhttp::field::host, target.origin);
        for (const auto& [name, value] : request.headers) out.set(name, value);
        if (!request.body.empty()) {
            out.set(bhttp::field::content_type, request.content_type);
            out.body() = request.body;
        }
        out.keep_alive(true);
        out.prepare_payload();
        c.stream.expires_at(deadline);
        auto [wec, wn] = co_await bhttp::async_write(c.stream, out, use_tuple);
        if (wec) throw beast::system_error(wec);
        bhttp::response_parser<bhttp::string_body> parser;
        parser.body_limit(max_bytes);
        if (request.method == Method::Head) parser.skip(true);
        auto [rec, rn] = co_await bhttp::async_read(c.stream, c.buffer, parser, use_tuple);
        if (rec) throw beast::system_error(rec);
        auto in = parser.release();
        ClientResponse response;
        response.status = static_cast<int>(in.result_int());
        for (const auto& field : in) {
            response.headers.emplace_back(lower_case(field.name_string()), std::string(field.value()));
        }
        response.body = std::move(in.body());
        keep_alive = in.keep_alive();
        co_return response;
    }

    static asio::awaitable<void> connect(Connection& c, const Target& target,
                                         std::chrono::steady_clock::time_point deadline) {
        tcp::resolver resolver(c.executor);
        auto [ec, results] = co_await resolver.async_resolve(target.host, target.port, use_tuple);
        if (ec) throw beast::system_error(ec);
        c.stream.expires_at(deadline);
        auto [cec, endpoint] = co_await c.stream.async_connect(results, use_tuple);
        if (cec) throw beast::system_error(cec);
        c.stream.socket().set_option(tcp::no_delay(true));
    }
};

Client::Client(const IoShards& executors, ClientOptions options)
    : impl_(std::make_shared<Impl>(executors, options)) {}

Client::Client(asio::any_io_executor executor, ClientOptions options) : Client(IoShards(executor), options) {}

Client::~Client() = default;

std::size_t Client::idle_connections() const {
    std::lock_guard lock(impl_->mutex);
    std::size_t n = 0;
    for (const auto& by_origin : impl_->idle) {
        for (const auto& [origin, list] : by_origin) n += list.size();
    }
    return n;
}

asio::awaitable<ClientResponse> Client::send(ClientRequest request) {
    auto impl = impl_;
    const Target target = parse_target(request.url);
    const auto deadline = std::chrono::steady_clock::now() + request.timeout.value_or(impl->options.timeout);
    const auto caller = co_await asio::this_coro::executor;
    const std::size_t shard = impl->shards.index_of(caller);
    // On the connection's own thread the exchange runs right here; from anywhere else it moves to the
    // connection's executor for its duration (a coroutine of its own), as the stream's timer needs.
    const bool here = impl->shards.drives_inline(caller, shard);
    // A pooled connection may have been closed by the server while idle; one retry on a fresh
    // connection (never another pooled one: they may all be stale) is safe for idempotent methods.
    for (int attempt = 0;; ++attempt) {
        auto connection = attempt == 0 ? impl->take_idle(shard, target.origin) : nullptr;
        const bool reused = connection != nullptr;
        if (!connection)
            connection = std::make_unique<Impl::Connection>(impl->shards.serial(impl->shards[shard]));
        bool keep_alive = false;
        try {
            auto& c = *connection;
            auto run = [&]() -> asio::awaitable<ClientResponse> {
                if (!reused) co_await Impl::connect(c, target, deadline);
                co_return co_await Impl::exchange(c, target, request, deadline,
                                                  impl->options.max_response_bytes, keep_alive);
            };
            ClientResponse response;
            if (here) {
                response = co_await run();
            } else {
                response = co_await asio::co_spawn(c.executor, run, asio::use_awaitable);
            }
            if (keep_alive) impl->give_back(shard, target.origin, std::move(connection));
            co_return response;
        } catch (const beast::system_error& e) {
            if (e.code() == beast::error::timeout) {
                throw bh::timeout("Upstream service timed out", request.url + ": " + e.what());
            }
            const bool stale =
                reused && (e.code() == bhttp::error::end_of_stream || e.code() == asio::error::eof ||
                           e.code() == asio::error::connection_reset || e.code() == asio::error::broken_pipe);
            if (stale && attempt == 0 && is_idempotent(request.method)) continue;
            throw unavailable("Upstream service unavailable", request.url + ": " + e.what());
        }
    }
}

}  // namespace bh::http
