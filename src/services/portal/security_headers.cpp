#include "services/portal/security_headers.h"

#include <string>

namespace bh::portal {

namespace {

bool has_header(const http::Response& response, std::string_view lower_case_name) {
    for (const auto& [name, value] : response.headers) {
        if (http::lower_case(name) == lower_case_name) return true;
    }
    return false;
}

}  // namespace

void add_security_headers(http::Response& response, const SecurityHeaderOptions& options,
                          std::string_view cache_control) {
    auto& h = response.headers;
    h.emplace_back("X-Content-Type-Options", "nosniff");
    h.emplace_back("X-Frame-Options", "DENY");
    h.emplace_back("Content-Security-Policy", "frame-ancestors 'none'");
    h.emplace_back("Referrer-Policy", "no-referrer");
    if (options.hsts_max_age.count() > 0) {
        h.emplace_back("Strict-Transport-Security",
                       "max-age=" + std::to_string(options.hsts_max_age.count()) + "; includeSubDomains");
    }
    if (!cache_control.empty() && !has_header(response, "cache-control")) {
        h.emplace_back("Cache-Control", std::string(cache_control));
    }
}

}  // namespace bh::portal
