#include "services/portal/forwarding.h"

#include <array>
#include <boost/url/parse.hpp>

namespace bh::portal {

namespace {

// Request headers passed through unchanged (lower case). Idempotency-Key makes a retried payment
// command safe; Stripe-Signature authenticates a webhook.
constexpr std::array<std::string_view, 8> kForwardedRequestHeaders = {"authorization",   "nif",
                                                                      "accept",          "accept-language",
                                                                      "if-none-match",   "if-modified-since",
                                                                      "idempotency-key", "stripe-signature"};

// Answer headers a client can use; the rest (hop-by-hop, Server, Date, the service's own request id
// and traceparent, which the portal's server sets for its hop) stay behind.
constexpr std::array<std::string_view, 9> kReturnedResponseHeaders = {
    "content-disposition", "location",         "etag",  "last-modified",
    "retry-after",         "www-authenticate", "allow", "content-language",
    "content-range"};

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& names, std::string_view name) {
    for (auto n : names) {
        if (n == name) return true;
    }
    return false;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

bool is_dot_segment(std::string_view segment) {
    return segment == "." || segment == ".." || iequals(segment, "%2e") || iequals(segment, "%2e%2e") ||
           iequals(segment, ".%2e") || iequals(segment, "%2e.");
}

}  // namespace

http::HeaderList upstream_request_headers(const http::Request& request) {
    http::HeaderList out;
    out.reserve(8);
    std::string_view forwarded_for;
    std::string_view forwarded_host;
    for (const auto& [name, value] : request.headers) {
        if (listed(kForwardedRequestHeaders, name)) {
            out.emplace_back(name, value);
        } else if (name == "x-forwarded-for") {
            forwarded_for = value;
        } else if (name == "host") {
            forwarded_host = value;
        }
    }
    if (!request.request_id.empty()) out.emplace_back("x-request-id", request.request_id);
    if (!request.traceparent.empty()) out.emplace_back("traceparent", request.traceparent);
    // The chain so far plus the address this hop saw: services log it; only the portal's own
    // rate limit decides on addresses, and it uses the socket's.
    std::string chain(forwarded_for);
    if (!request.remote_address.empty()) {
        if (!chain.empty()) chain += ", ";
        chain += request.remote_address;
    }
    if (!chain.empty()) out.emplace_back("x-forwarded-for", std::move(chain));
    if (!forwarded_host.empty()) out.emplace_back("x-forwarded-host", std::string(forwarded_host));
    return out;
}

std::string upstream_url(std::string_view base_url, const http::Request& request) {
    while (!base_url.empty() && base_url.back() == '/') base_url.remove_suffix(1);
    std::string url;
    url.reserve(base_url.size() + request.target.size());
    url.append(base_url);
    url.append(request.target);
    return url;
}

http::Response client_response(http::ClientResponse&& upstream) {
    http::Response out;
    out.status = upstream.status;
    out.body = std::move(upstream.body);
    out.content_type.clear();
    for (auto& [name, value] : upstream.headers) {
        if (name == "content-type") {
            out.content_type = std::move(value);
        } else if (listed(kReturnedResponseHeaders, name)) {
            out.headers.emplace_back(std::move(name), std::move(value));
        }
    }
    return out;
}

http::Response client_response(http::Response&& upstream) {
    http::Response out;
    out.status = upstream.status;
    out.body = std::move(upstream.body);
    out.content_type = std::move(upstream.content_type);
    for (auto& [name, value] : upstream.headers) {
        auto lower = name;
        for (auto& c : lower) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
        if (listed(kReturnedResponseHeaders, lower))
            out.headers.emplace_back(std::move(name), std::move(value));
    }
    return out;
}

http::Request in_process_request(http::Request& request, std::string peer) {
    http::Request inner;
    inner.method = request.method;
    inner.target = request.target;
    inner.path = request.path;
    inner.query = request.query;
    inner.headers = upstream_request_headers(request);
    if (const auto type = request.header("content-type"); !type.empty()) {
        inner.headers.emplace_back("content-type", std::string(type));
    }
    inner.body = std::move(request.body);  // forwarded once; no copy of uploads
    inner.remote_address = std::move(peer);
    return inner;
}

std::string colocated_peer_address(std::string_view base_url) {
    const auto url = boost::urls::parse_absolute_uri(base_url);
    if (url && (url->host_type() == boost::urls::host_type::ipv4 ||
                url->host_type() == boost::urls::host_type::ipv6)) {
        auto host = std::string(url->encoded_host_address());
        if (host == "0.0.0.0") return "127.0.0.1";  // bound to every address: reached over loopback
        if (host == "::") return "::1";
        return host;
    }
    return "127.0.0.1";
}

bool is_safe_api_path(std::string_view raw_target) {
    const auto query = raw_target.find('?');
    const auto path = raw_target.substr(0, query);
    std::size_t start = 0;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        const auto segment = path.substr(start, end - start);
        if (is_dot_segment(segment)) return false;
        for (std::size_t i = 0; i + 2 < segment.size(); ++i) {
            if (segment[i] != '%') continue;
            const auto code = segment.substr(i + 1, 2);
            if (iequals(code, "2f") || iequals(code, "5c") || code == "00") return false;
        }
        if (segment.find('\\') != std::string_view::npos) return false;
        start = end + 1;
    }
    return true;
}

}  // namespace bh::portal
