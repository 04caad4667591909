#include "services/portal/cors.h"

#include <algorithm>
#include <array>

namespace bh::portal {

namespace {

// What a browser may send cross-origin besides the CORS-safelisted headers.
constexpr std::array<std::string_view, 6> kAllowedRequestHeaders = {
    "authorization", "content-type", "nif", "x-request-id", "traceparent", "accept-language"};
constexpr std::string_view kAllowedRequestHeaderList =
    "Authorization, Content-Type, Nif, X-Request-Id, traceparent, Accept-Language";
// What browser code may read from an answer besides the safelisted ones.
constexpr std::string_view kExposedHeaders = "X-Request-Id, Content-Disposition, Retry-After, Location";

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

template <class Fn>
void for_each_item(std::string_view list, Fn&& fn) {
    while (!list.empty()) {
        const auto comma = list.find(',');
        const auto item = trim(list.substr(0, comma));
        if (!item.empty()) fn(item);
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
}

bool contains_method(std::string_view allowed_methods, std::string_view method) {
    bool found = false;
    for_each_item(allowed_methods, [&](std::string_view m) { found = found || m == method; });
    return found;
}

bool headers_allowed(std::string_view requested) {
    bool ok = true;
    for_each_item(requested, [&](std::string_view name) {
        const auto lower = http::lower_case(name);
        ok = ok && std::find(kAllowedRequestHeaders.begin(), kAllowedRequestHeaders.end(), lower) !=
                       kAllowedRequestHeaders.end();
    });
    return ok;
}

}  // namespace

std::vector<std::string> parse_origin_list(std::string_view comma_separated) {
    std::vector<std::string> origins;
    for_each_item(comma_separated, [&](std::string_view item) {
        while (item.size() > 1 && item.back() == '/') item.remove_suffix(1);
        origins.emplace_back(item);
    });
    return origins;
}

CorsPolicy::CorsPolicy(CorsOptions options) : options_(std::move(options)) {
    any_origin_ = std::find(options_.origins.begin(), options_.origins.end(), "*") != options_.origins.end();
}

bool CorsPolicy::allows_origin(std::string_view origin) const {
    if (origin.empty()) return false;
    if (any_origin_) return true;
    return std::find(options_.origins.begin(), options_.origins.end(), origin) != options_.origins.end();
}

http::HeaderList CorsPolicy::response_headers(std::string_view origin) const {
    http::HeaderList headers;
    if (!allows_origin(origin)) return headers;
    if (any_origin_) {
        // "*" and credentials never go together: any origin may read, no cookie or auth is implied.
        headers.emplace_back("Access-Control-Allow-Origin", "*");
    } else {
        headers.emplace_back("Access-Control-Allow-Origin", std::string(origin));
        headers.emplace_back("Access-Control-Allow-Credentials", "true");
        headers.emplace_back("Vary", "Origin");
    }
    headers.emplace_back("Access-Control-Expose-Headers", std::string(kExposedHeaders));
    return headers;
}

Preflight CorsPolicy::preflight(std::string_view origin, std::string_view requested_method,
                                std::string_view requested_headers, std::string_view allowed_methods) const {
    Preflight answer;
    if (!allows_origin(origin) || !contains_method(allowed_methods, requested_method) ||
        !headers_allowed(requested_headers)) {
        answer.status = 403;
        answer.headers.emplace_back("Vary", "Origin");
        return answer;
    }
    answer.headers = response_headers(origin);
    answer.headers.emplace_back("Access-Control-Allow-Methods", std::string(allowed_methods));
    answer.headers.emplace_back("Access-Control-Allow-Headers", std::string(kAllowedRequestHeaderList));
    answer.headers.emplace_back("Access-Control-Max-Age", std::to_string(options_.max_age.count()));
    return answer;
}

}  // namespace bh::portal
