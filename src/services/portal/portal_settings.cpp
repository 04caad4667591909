// The portal.* settings, declared next to the portal that reads them.
#include "services/portal/portal_settings.h"

#include <stdexcept>

namespace bh::portal {

using namespace std::chrono_literals;

const std::string& PortalSettings::url_of(std::string_view service) const {
    if (service == "auth") return auth_url;
    if (service == "budget") return budget_url;
    if (service == "notification") return notification_url;
    if (service == "payment") return payment_url;
    throw std::logic_error("the portal forwards to no service named " + std::string(service));
}

const settings::Declaration<PortalSettings>& portal_settings() {
    using S = PortalSettings;
    static const auto declaration =
        settings::Declaration<S>()
            .text(&S::auth_url, "portal.auth_url", "",
                  "Base URL of auth; empty = http://<http.bind>:<auth.port>")
            .text(&S::budget_url, "portal.budget_url", "",
                  "Base URL of budget; empty = derived like auth_url")
            .text(&S::notification_url, "portal.notification_url", "",
                  "Base URL of notification; empty = derived like auth_url")
            .text(&S::payment_url, "portal.payment_url", "",
                  "Base URL of payment; empty = derived like auth_url")
            .duration(&S::upstream_timeout, "portal.upstream_timeout", "30s",
                      "Deadline of one forwarded request (connect, send, whole answer); past it the caller "
                      "gets 504",
                      {.min = 10ms, .max = 10min})
            .flag(&S::in_process_upstreams, "portal.in_process_upstreams", true,
                  "Hand requests for a service running in the same process (serve --target all) straight to "
                  "its server instead of over loopback HTTP; the service's own checks all still run. false = "
                  "always use portal.<service>_url")
            .duration(
                &S::revocation_cache, "portal.revocation_cache", "250ms",
                "How long the portal trusts that a token was not signed out before asking Redis again; "
                "the services behind it ask on every request, so a sign-out still takes effect at once. "
                "0 = ask on every request",
                {.min = 0ms, .max = 1s})
            .text(&S::cors_origins, "portal.cors_origins", "",
                  "Origins allowed to call the API from a browser, comma-separated (e.g. "
                  "http://localhost:4200); empty = none; * = any origin, without credentials")
            .duration(&S::cors_max_age, "portal.cors_max_age", "10m",
                      "How long browsers may cache a preflight answer", {.min = 0ms, .max = 24h})
            .duration(
                &S::hsts_max_age, "portal.hsts_max_age", "0",
                "Strict-Transport-Security max-age sent on every answer; 0 = no header unless the portal "
                "serves TLS itself (then 180 days). Set it when TLS terminates in front of the portal",
                {.min = 0ms, .max = 2 * 365 * 24h})
            .text(&S::tls_cert_file, "portal.tls_cert_file", "",
                  "PEM certificate chain of the portal's HTTPS; with portal.tls_key_file the portal speaks "
                  "HTTPS only (TLS 1.2 and 1.3). Empty = plain HTTP (TLS in front of it)")
            .text(&S::tls_key_file, "portal.tls_key_file", "",
                  "PEM private key of that certificate; the file must be readable by its owner only (the "
                  "start fails otherwise)")
            .integer(&S::rate_limit, "portal.rate_limit", 0,
                     "Requests admitted per client address in portal.rate_limit_window (shared through "
                     "Redis); 0 = no limit",
                     {.min = 0, .max = 1'000'000'000})
            .integer(&S::rate_limit_per_user, "portal.rate_limit_per_user", 0,
                     "API requests admitted per signed-in user in portal.rate_limit_window (shared through "
                     "Redis), wherever they come from; 0 = no limit",
                     {.min = 0, .max = 1'000'000'000})
            .duration(&S::rate_limit_window, "portal.rate_limit_window", "1m",
                      "Sliding window of portal.rate_limit and portal.rate_limit_per_user",
                      {.min = 100ms, .max = 24h})
            .text(&S::swagger_ui_dir, "portal.swagger_ui_dir", "",
                  "swagger-ui-dist directory served at /swagger-ui/; empty = "
                  "$BUDGETHUB_TOOLS/swagger-ui/node_modules/swagger-ui-dist (BUDGETHUB_TOOLS defaults to "
                  "~/.cache/budgethub, where scripts/bootstrap installs it)")
            .text(&S::web_dir, "portal.web_dir", "",
                  "Built web app served at / (index.html for unknown paths without a file extension); empty "
                  "or missing = / answers a small page linking the API documentation");
    return declaration;
}

}  // namespace bh::portal
