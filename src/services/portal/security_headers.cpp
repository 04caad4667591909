#include "services/portal/security_headers.h"

#include <string>

namespace bh::portal {

namespace {

const std::string* header(const http::Response& response, std::string_view lower_case_name) {
    for (const auto& [name, value] : response.headers) {
        if (http::lower_case(name) == lower_case_name) return &value;
    }
    return nullptr;
}

}  // namespace

void add_security_headers(http::Response& response, const SecurityHeaderOptions& options,
                          std::string_view cache_control, ContentPolicy policy) {
    auto& h = response.headers;
    h.emplace_back("X-Content-Type-Options", "nosniff");
    h.emplace_back("X-Frame-Options", "DENY");
    h.emplace_back("Content-Security-Policy",
                   std::string(policy == ContentPolicy::Page ? kPagePolicy : kDataPolicy));
    h.emplace_back("Referrer-Policy", "no-referrer");
    if (options.hsts_max_age.count() > 0) {
        h.emplace_back("Strict-Transport-Security",
                       "max-age=" + std::to_string(options.hsts_max_age.count()) + "; includeSubDomains");
    }
    if (!cache_control.empty() && header(response, "cache-control") == nullptr) {
        h.emplace_back("Cache-Control", std::string(cache_control));
    }
}

}  // namespace bh::portal
