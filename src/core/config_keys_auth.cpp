// Configuration keys of the auth area (see core/config_keys.h).
#include "core/config_keys.h"

namespace bh {

std::vector<ConfigKey> auth_config_keys() {
    using T = ConfigType;
    constexpr std::int64_t kMinute = 60'000;
    constexpr std::int64_t kDay = kMinute * 24 * 60;
    return {
        {"auth.access_token_ttl", T::DurationMs, "15m", "Lifetime of access JWTs", false, 60'000, kDay},
        {"auth.refresh_token_ttl", T::DurationMs, "30d",
         "Lifetime of each refresh token (rotated on every use)", false, kMinute, 365 * kDay},
        {"auth.deny_list_check_interval", T::DurationMs, "1s",
         "How often auth checks that the Redis deny-list is whole (rebuilt from the database when Redis "
         "lost it; services refuse tokens it does not hold meanwhile)",
         false, 100, kMinute},
        // At most 30 s: a grace refresh hands out a token of the access grant the rotation issued,
        // which must still be alive (auth.access_token_ttl is at least 1 min).
        {"auth.refresh_reuse_grace", T::DurationMs, "5s",
         "Concurrent refreshes with one refresh token within this long of its rotation all succeed "
         "(parallel requests of one client); a later reuse revokes the session. 0 = every reuse does",
         false, 0, 30'000},
        {"auth.reset_token_ttl", T::DurationMs, "30m", "Lifetime of a password-reset link", false, kMinute,
         kDay},
        {"auth.reset_url", T::String, "http://localhost:4200/reset-password",
         "The web app's reset page; the e-mailed link is <reset_url>?token=<token>"},
        {"auth.trusted_proxies", T::String, "127.0.0.1,::1",
         "Comma list of peer addresses whose X-Forwarded-For is believed (the portal); exact addresses"},
        {"auth.sign_in_limit_per_email", T::Int, "10", "Sign-in attempts per e-mail per window", false, 1,
         1'000'000},
        {"auth.sign_in_limit_per_address", T::Int, "300", "Sign-in attempts per client address per window",
         false, 1, 1'000'000},
        {"auth.sign_in_window", T::DurationMs, "1m", "Window of the sign-in limits", false, 1'000, kDay},
        {"auth.recover_limit_per_email", T::Int, "3", "Password-recovery requests per e-mail per window",
         false, 1, 1'000'000},
        {"auth.recover_limit_per_address", T::Int, "30",
         "Password-recovery requests per client address per window", false, 1, 1'000'000},
        {"auth.recover_window", T::DurationMs, "15m", "Window of the recovery limits", false, 1'000, kDay},
        {"auth.hash_threads", T::Int, "2", "argon2id worker threads (each holds 64 MiB while hashing)", false,
         1, 64},
        {"auth.hash_backlog", T::Int, "64", "argon2id jobs allowed to wait; beyond that 503 + Retry-After",
         false, 0, 100'000},
    };
}

}  // namespace bh
