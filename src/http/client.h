#pragma once
// Service-to-service HTTP/1.1 client: keep-alive connections pooled per origin, a deadline on every
// exchange, bounded response size. Failures become AppError Unavailable/Timeout.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "core/io_shards.h"
#include "http/message.h"

namespace bh::http {

struct ClientRequest {
    Method method = Method::Get;
    std::string url;  // http://host:port/path?query
    HeaderList headers = {};
    std::string body = {};
    std::string content_type = "application/json";
    std::optional<std::chrono::milliseconds> timeout = {};  // default: ClientOptions::timeout
};

struct ClientResponse {
    int status = 0;
    HeaderList headers;  // names in lower case
    std::string body;
    std::string_view header(std::string_view lower_case_name) const;
};

struct ClientOptions {
    std::chrono::milliseconds timeout{10'000};
    std::size_t max_idle_per_origin = 32;  // on each I/O thread
    // Below every server's idle timeout (http.idle_timeout, 60 s by default), so the client never
    // reuses a connection the server is about to close.
    std::chrono::milliseconds max_idle_time{15'000};
    std::size_t max_response_bytes = 16 << 20;
};

class Client {
  public:
    // Connections live on the I/O thread of the request that opened them and are reused by requests
    // on that thread only: an exchange never hands over to another thread.
    Client(const IoShards& executors, ClientOptions options = {});
    Client(boost::asio::any_io_executor executor, ClientOptions options = {});
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    boost::asio::awaitable<ClientResponse> send(ClientRequest request);
    std::size_t idle_connections() const;

  private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

}  // namespace bh::http
