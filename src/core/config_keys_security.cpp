// Configuration keys shared by everything that issues or checks access tokens (see
// core/config_keys.h): auth signs with them, the portal and every service verify with them.
#include "core/config_keys.h"

namespace bh {

std::vector<ConfigKey> security_config_keys() {
    using T = ConfigType;
    constexpr std::int64_t kHour = 3'600'000;
    return {
        {"security.jwt_issuer", T::String, "budgethub", "iss of access tokens; verifiers require it"},
        {"security.jwt_audience", T::String, "budgethub", "aud of access tokens; verifiers require it"},
        {"security.jwt_leeway", T::DurationMs, "30s", "Clock skew tolerated on exp and nbf", false, 0,
         std::int64_t{5} * 60'000},
        {"security.jwks_url", T::String, "",
         "Where verifiers fetch auth's public keys; empty = <auth base URL>/.well-known/jwks.json"},
        {"security.jwks_refresh", T::DurationMs, "5m", "Periodic refresh of the fetched JWKS", false, 1'000,
         24 * kHour},
        {"security.jwks_min_refresh", T::DurationMs, "5s",
         "Least time between two fetches caused by an unknown kid (bounds forged-kid floods)", false, 10,
         kHour},
    };
}

}  // namespace bh
