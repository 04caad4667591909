#pragma once
// The portal.* settings (declared in portal_settings.cpp): where the services are, forwarding
// deadlines, browser rules (CORS, HSTS), the per-address rate limit and the files it serves.
#include <chrono>
#include <cstdint>
#include <string>

#include "core/settings.h"

namespace bh::portal {

struct PortalSettings {
    std::string auth_url;  // empty = derived from http.bind and the service's port
    std::string budget_url;
    std::string notification_url;
    std::string payment_url;
    std::chrono::milliseconds upstream_timeout{};
    bool in_process_upstreams = true;
    std::chrono::milliseconds revocation_cache{};
    std::string cors_origins;
    std::chrono::seconds cors_max_age{};
    std::chrono::seconds hsts_max_age{};
    std::int64_t rate_limit = 0;           // per client address; 0 = none
    std::int64_t rate_limit_per_user = 0;  // per signed-in user; 0 = none
    std::chrono::milliseconds rate_limit_window{};
    std::string tls_cert_file;  // both set: the portal serves HTTPS only
    std::string tls_key_file;
    std::string swagger_ui_dir;
    std::string web_dir;

    // The configured URL of a service ("auth", "budget", ...), empty when none.
    const std::string& url_of(std::string_view service) const;
};

const settings::Declaration<PortalSettings>& portal_settings();

}  // namespace bh::portal
