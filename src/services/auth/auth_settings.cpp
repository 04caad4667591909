// The auth.* settings, declared next to the service that reads them (auth_service.cpp).
#include "services/auth/auth_settings.h"

namespace bh::auth {

using namespace std::chrono_literals;

namespace {

// auth.<action>_limit_per_email, auth.<action>_limit_per_address, auth.<action>_window.
settings::Declaration<Limit> limit_settings(const std::string& action, const std::string& what,
                                            std::int64_t per_email, std::int64_t per_address,
                                            const std::string& window, const std::string& label) {
    const std::string prefix = "auth." + action;
    return settings::Declaration<Limit>()
        .integer(&Limit::per_email, prefix + "_limit_per_email", per_email, what + " per e-mail per window",
                 {.min = 1, .max = 1'000'000})
        .integer(&Limit::per_address, prefix + "_limit_per_address", per_address,
                 what + " per client address per window", {.min = 1, .max = 1'000'000})
        .duration(&Limit::window, prefix + "_window", window, "Window of the " + label + " limits",
                  {.min = 1s, .max = 24h});
}

}  // namespace

const settings::Declaration<AuthSettings>& auth_settings() {
    using S = AuthSettings;
    static const auto declaration =
        settings::Declaration<S>()
            .duration(&S::access_token_ttl, "auth.access_token_ttl", "15m", "Lifetime of access JWTs",
                      {.min = 1min, .max = 24h})
            .duration(&S::refresh_token_ttl, "auth.refresh_token_ttl", "30d",
                      "Lifetime of each refresh token (rotated on every use)",
                      {.min = 1min, .max = 365 * 24h})
            .duration(
                &S::deny_list_check_interval, "auth.deny_list_check_interval", "1s",
                "How often auth checks that the Redis deny-list is whole (rebuilt from the database when "
                "Redis lost it; services refuse tokens it does not hold meanwhile)",
                {.min = 100ms, .max = 1min})
            // At most 30 s: a grace refresh hands out a token of the access grant the rotation issued,
            // which must still be alive (auth.access_token_ttl is at least 1 min).
            .duration(
                &S::refresh_reuse_grace, "auth.refresh_reuse_grace", "5s",
                "Concurrent refreshes with one refresh token within this long of its rotation all succeed "
                "(parallel requests of one client); a later reuse revokes the session. 0 = every reuse does",
                {.min = 0ms, .max = 30s})
            .duration(&S::reset_token_ttl, "auth.reset_token_ttl", "30m", "Lifetime of a password-reset link",
                      {.min = 1min, .max = 24h})
            .text(&S::reset_url, "auth.reset_url", "http://localhost:4200/reset-password",
                  "The web app's reset page; the e-mailed link is <reset_url>?token=<token>")
            .text(&S::trusted_proxies, "auth.trusted_proxies", "127.0.0.1,::1",
                  "Comma list of peer addresses whose X-Forwarded-For is believed (the portal); exact "
                  "addresses")
            .nested(&S::sign_in, limit_settings("sign_in", "Sign-in attempts", 10, 300, "1m", "sign-in"))
            .nested(&S::recover,
                    limit_settings("recover", "Password-recovery requests", 3, 30, "15m", "recovery"))
            .integer(&S::hash_threads, "auth.hash_threads", 2,
                     "argon2id worker threads (each holds 64 MiB while hashing)", {.min = 1, .max = 64})
            .integer(&S::hash_backlog, "auth.hash_backlog", 64,
                     "argon2id jobs allowed to wait; beyond that 503 + Retry-After",
                     {.min = 0, .max = 100'000});
    return declaration;
}

}  // namespace bh::auth
