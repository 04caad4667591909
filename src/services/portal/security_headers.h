#pragma once
// Headers every portal answer carries: no MIME sniffing, no framing, no referrer leaks, a Content
// Security Policy, HSTS when configured, and no caching of API answers (they carry personal and
// financial data).
#include <chrono>
#include <string_view>

#include "http/message.h"

namespace bh::portal {

// The policy of HTML pages (the web app, Swagger UI): scripts only from the portal's own files (no
// inline script, no eval), connections only to the portal, receipts previewed from blob: URLs; inline
// styles are allowed because Angular and Chart.js set them at run time.
inline constexpr std::string_view kPagePolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; frame-src 'self' blob:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'";
// Everything else (JSON, files): nothing in it may load or run anything.
inline constexpr std::string_view kDataPolicy = "default-src 'none'; frame-ancestors 'none'; sandbox";

enum class ContentPolicy {
    Page,  // kPagePolicy: the web app's and Swagger UI's files
    Data,  // kDataPolicy: API answers, the API document, errors
};

struct SecurityHeaderOptions {
    std::chrono::seconds hsts_max_age{0};  // 0 = no Strict-Transport-Security
};

// `cache_control`: added unless the answer already has one (static files set their own).
void add_security_headers(http::Response& response, const SecurityHeaderOptions& options,
                          std::string_view cache_control = "no-store",
                          ContentPolicy policy = ContentPolicy::Data);

}  // namespace bh::portal
