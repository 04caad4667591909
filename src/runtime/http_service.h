#pragma once
// The shape shared by every target: an HTTP server on its own port with /healthz, /readyz and
// /metrics, plus hooks for what the service adds (migrations, consumers, relays).
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "http/server.h"
#include "runtime/health.h"
#include "runtime/runtime.h"
#include "runtime/service.h"

namespace bh::runtime {

class HttpService : public Service {
  public:
    // What an invoice upload needs on the wire: the file as base64 (4/3) plus the JSON or multipart
    // around it.
    static std::size_t upload_body_bytes(const HttpSettings& settings);
    // The request body limit of a service's server: http.max_body_bytes, raised to an upload for
    // budget (the one service taking files). The portal applies the same limit before forwarding.
    static std::size_t body_limit_of(const HttpSettings& settings, std::string_view service);

    HttpService(Runtime& runtime, std::string name, std::uint16_t port);
    std::string_view name() const override { return name_; }
    boost::asio::awaitable<void> start() final;
    boost::asio::awaitable<void> stop(std::chrono::milliseconds grace) final;
    std::uint16_t port() const;

  protected:
    Runtime& runtime() { return runtime_; }
    http::Router& router() { return router_; }
    Health& health() { return health_; }
    // Raises this service's request body limit above http.max_body_bytes (file uploads); call
    // before start().
    void allow_body_bytes(std::size_t bytes) { min_body_bytes_ = bytes; }
    // HTTPS with this PEM certificate chain and key instead of plain HTTP; call before start().
    void serve_tls(std::string certificate_file, std::string key_file) {
        tls_certificate_file_ = std::move(certificate_file);
        tls_key_file_ = std::move(key_file);
    }
    // Before the port opens: migrations, consumers. After it closes: drain consumers, flush.
    virtual boost::asio::awaitable<void> on_start() { co_return; }
    virtual boost::asio::awaitable<void> on_stop(std::chrono::milliseconds /*grace*/) { co_return; }

  private:
    Runtime& runtime_;
    std::string name_;
    std::uint16_t port_;
    http::Router router_;
    Health health_;
    std::shared_ptr<http::Server> server_;
    std::size_t min_body_bytes_ = 0;
    std::string tls_certificate_file_;
    std::string tls_key_file_;
};

}  // namespace bh::runtime
