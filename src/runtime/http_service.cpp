#include "runtime/http_service.h"

#include <spdlog/spdlog.h>

#include "core/address_list.h"

namespace bh::runtime {

HttpService::HttpService(Runtime& runtime, std::string name, std::uint16_t port)
    : runtime_(runtime), name_(std::move(name)), port_(port) {}

boost::asio::awaitable<void> HttpService::start() {
    co_await on_start();
    health_.register_routes(router_, runtime_.metrics(), name_,
                            parse_address_list(runtime_.settings().http.metrics_allow));
    auto options = server_options(runtime_.settings().http, name_, port_);
    options.max_body_bytes = std::max(options.max_body_bytes, min_body_bytes_);
    options.tls_certificate_file = tls_certificate_file_;
    options.tls_private_key_file = tls_key_file_;
    server_ = std::make_shared<http::Server>(runtime_.shards(), std::move(options), std::move(router_),
                                             runtime_.metrics());
    server_->start();
    runtime_.publish_server(name_, server_);
    spdlog::info("{} listening on {}:{}{}", name_, runtime_.settings().http.server.bind, server_->port(),
                 tls_certificate_file_.empty() ? "" : " (HTTPS)");
}

boost::asio::awaitable<void> HttpService::stop(std::chrono::milliseconds grace) {
    const auto started = std::chrono::steady_clock::now();
    runtime_.withdraw_server(name_);  // colocated callers go over HTTP (and find it closed) from now on
    if (server_) co_await server_->stop(grace);
    const auto spent =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    co_await on_stop(std::max(grace - spent, std::chrono::milliseconds(1)));
}

std::size_t HttpService::upload_body_bytes(const HttpSettings& settings) {
    return settings.max_upload_file_bytes / 3 * 4 + 8 + std::size_t{64} * 1024;
}

std::size_t HttpService::body_limit_of(const HttpSettings& settings, std::string_view service) {
    const auto common = settings.server.max_body_bytes;
    return service == "budget" ? std::max(common, upload_body_bytes(settings)) : common;
}

std::uint16_t HttpService::port() const {
    return server_ ? server_->port() : port_;
}

}  // namespace bh::runtime
