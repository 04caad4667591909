#pragma once
// Headers every portal answer carries: no MIME sniffing, no framing, no referrer leaks, HSTS when
// configured, and no caching of API answers (they carry personal and financial data).
#include <chrono>

#include "http/message.h"

namespace bh::portal {

struct SecurityHeaderOptions {
    std::chrono::seconds hsts_max_age{0};  // 0 = no Strict-Transport-Security
};

// `cache_control`: added unless the answer already has one (static files set their own).
void add_security_headers(http::Response& response, const SecurityHeaderOptions& options,
                          std::string_view cache_control = "no-store");

}  // namespace bh::portal
