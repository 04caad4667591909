#include "services/portal/gateway.h"

#include <exception>

#include "core/error.h"
#include "http/error_response.h"
#include "services/portal/forwarding.h"
#include "services/portal/in_process_call.h"

namespace bh::portal {

namespace asio = boost::asio;

Gateway::Gateway(GatewayOptions options, std::shared_ptr<const identity::Authenticator> authenticator,
                 http::Client& client, CorsPolicy cors, RateLimits limits)
    : options_(std::move(options)),
      authenticator_(std::move(authenticator)),
      client_(client),
      cors_(std::move(cors)),
      limits_(std::move(limits)) {
    for (const auto& [upstream, url] : options_.upstreams)
        colocated_peers_[upstream] = colocated_peer_address(url);
}

asio::awaitable<http::Response> Gateway::handle(const identity::RouteAccess& route, http::Request& request) {
    http::Response response;
    std::exception_ptr failure;
    try {
        response = co_await admit_and_forward(route, request);
    } catch (...) {
        failure = std::current_exception();
    }
    if (failure) {
        response =
            http::error_response(failure, request.request_id, http::error_format(request.header("accept")));
    }
    decorate(response, request);
    co_return response;
}

namespace {

void refuse_if_limited(const redis::RateLimitDecision& decision) {
    if (decision.allowed) return;
    const auto seconds = std::chrono::ceil<std::chrono::seconds>(decision.retry_after);
    throw AppError(ErrorKind::TooManyRequests, errc::kTooManyRequests, "Too many requests; try again later")
        .with_retry_after(std::max(seconds, std::chrono::seconds(1)));
}

}  // namespace

asio::awaitable<http::Response> Gateway::admit_and_forward(const identity::RouteAccess& route,
                                                           http::Request& request) {
    if (!is_safe_api_path(request.target)) {
        throw bad_request("The path contains encoded separators or dot segments");
    }
    if (limits_.per_address) {
        const auto decision = co_await limits_.per_address->hit(request.remote_address);
        refuse_if_limited(decision);
    }
    std::optional<identity::Principal> principal;
    if (!route.access.is_public) principal = co_await authenticator_->authenticate(request);
    if (principal && limits_.per_user) {
        const auto decision = co_await limits_.per_user->hit(principal->user_id);
        refuse_if_limited(decision);
    }
    std::exception_ptr refusal;
    try {
        refuse_here(route, principal, request);
    } catch (...) {
        refusal = std::current_exception();
    }
    if (refusal) {
        // The service, which asks the deny-list afresh, never sees this request: ask afresh here
        // too, so a token signed out less than portal.revocation_cache ago is told to sign in again
        // (401) rather than refused for its role, its body or a missing service.
        if (principal) co_await authenticator_->require_not_revoked(*principal);
        std::rethrow_exception(refusal);
    }
    co_return co_await forward(route.upstream, request);
}

void Gateway::refuse_here(const identity::RouteAccess& route,
                          const std::optional<identity::Principal>& principal,
                          const http::Request& request) const {
    if (principal) identity::require_access(route, *principal);
    if (!options_.upstreams.contains(route.upstream)) {
        throw unavailable("The " + std::string(identity::to_string(route.upstream)) +
                          " service is not available yet");
    }
    if (const auto limit = options_.body_limits.find(route.upstream);
        limit != options_.body_limits.end() && request.body.size() > limit->second) {
        throw AppError(ErrorKind::PayloadTooLarge, errc::kPayloadTooLarge, "Request body too large");
    }
}

asio::awaitable<http::Response> Gateway::forward(identity::Upstream upstream, http::Request& request) {
    const auto& base = options_.upstreams.at(upstream);  // refuse_here: present
    if (options_.local_server) {
        if (auto server = options_.local_server(upstream)) {
            const bool head = request.method == http::Method::Head;
            // Named before the co_await (docs/dev/gcc12-coroutines.md).
            auto inner = in_process_request(request, colocated_peers_.at(upstream));
            auto reply =
                co_await call_in_process(std::move(server), std::move(inner), options_.upstream_timeout);
            auto answer = client_response(std::move(reply));
            if (head) answer.body.clear();  // as the HTTP client reads a HEAD answer: no body
            co_return answer;
        }
    }
    http::ClientRequest out{.method = request.method,
                            .url = upstream_url(base, request),
                            .headers = upstream_request_headers(request),
                            .body = std::move(request.body),  // forwarded once; no copy of uploads
                            .timeout = options_.upstream_timeout};
    if (const auto type = request.header("content-type"); !type.empty()) out.content_type = std::string(type);
    co_return client_response(co_await client_.send(std::move(out)));
}

http::Response Gateway::preflight(const http::Request& request, const std::string& allowed_methods) const {
    const auto origin = request.header("origin");
    const auto requested_method = request.header("access-control-request-method");
    http::Response response;
    if (origin.empty() || requested_method.empty()) {
        // Not a preflight: say what the path supports.
        response = http::Response::no_content();
        response.with_header("Allow", allowed_methods + ", OPTIONS");
        decorate(response, request);
        return response;
    }
    auto answer = cors_.preflight(origin, requested_method, request.header("access-control-request-headers"),
                                  allowed_methods);
    if (answer.status == 204) {
        response = http::Response::no_content();
    } else {
        response = http::error_response(AppError(ErrorKind::Forbidden, "CORS_REQUEST_DENIED",
                                                 "This origin, method or header is not allowed"));
    }
    for (auto& header : answer.headers) response.headers.push_back(std::move(header));
    add_security_headers(response, options_.security);
    return response;
}

void Gateway::decorate(http::Response& response, const http::Request& request, std::string_view cache_control,
                       ContentPolicy policy) const {
    for (auto& header : cors_.response_headers(request.header("origin"))) {
        response.headers.push_back(std::move(header));
    }
    add_security_headers(response, options_.security, cache_control, policy);
}

}  // namespace bh::portal
