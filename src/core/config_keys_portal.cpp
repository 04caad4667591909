// Configuration keys of the portal area (see core/config_keys.h).
#include "core/config_keys.h"

namespace bh {

std::vector<ConfigKey> portal_config_keys() {
    using T = ConfigType;
    constexpr std::int64_t kMinute = 60'000;
    return {
        {"portal.auth_url", T::String, "", "Base URL of auth; empty = http://<http.bind>:<auth.port>"},
        {"portal.budget_url", T::String, "", "Base URL of budget; empty = derived like auth_url"},
        {"portal.notification_url", T::String, "", "Base URL of notification; empty = derived like auth_url"},
        {"portal.payment_url", T::String, "", "Base URL of payment; empty = derived like auth_url"},
        {"portal.upstream_timeout", T::DurationMs, "30s",
         "Deadline of one forwarded request (connect, send, whole answer); past it the caller gets 504",
         false, 10, 10 * kMinute},
        {"portal.in_process_upstreams", T::Bool, "true",
         "Hand requests for a service running in the same process (serve --target all) straight to its "
         "server instead of over loopback HTTP; the service's own checks all still run. false = always "
         "use portal.<service>_url"},
        {"portal.revocation_cache", T::DurationMs, "250ms",
         "How long the portal trusts that a token was not signed out before asking Redis again; the "
         "services behind it ask on every request, so a sign-out still takes effect at once. 0 = ask "
         "on every request",
         false, 0, 1'000},
        {"portal.cors_origins", T::String, "",
         "Origins allowed to call the API from a browser, comma-separated (e.g. "
         "http://localhost:4200); empty = none; * = any origin, without credentials"},
        {"portal.cors_max_age", T::DurationMs, "10m", "How long browsers may cache a preflight answer", false,
         0, kMinute * 24 * 60},
        {"portal.hsts_max_age", T::DurationMs, "0",
         "Strict-Transport-Security max-age sent on every answer; 0 = no header (set it when TLS "
         "terminates in front of the portal)",
         false, 0, 2LL * 365 * kMinute * 24 * 60},
        {"portal.rate_limit", T::Int, "0",
         "Requests admitted per client address in portal.rate_limit_window (shared through Redis); 0 = "
         "no limit",
         false, 0, 1'000'000'000},
        {"portal.rate_limit_window", T::DurationMs, "1m", "Sliding window of portal.rate_limit", false, 100,
         kMinute * 24 * 60},
        {"portal.swagger_ui_dir", T::String, "",
         "swagger-ui-dist directory served at /swagger-ui/; empty = "
         "$BUDGETHUB_TOOLS/swagger-ui/node_modules/swagger-ui-dist (BUDGETHUB_TOOLS defaults to "
         "~/.cache/budgethub, where scripts/bootstrap installs it)"},
        {"portal.web_dir", T::String, "",
         "Built web app served at / (index.html for unknown paths without a file extension); empty or "
         "missing = / answers a small page linking the API documentation"},
    };
}

}  // namespace bh
