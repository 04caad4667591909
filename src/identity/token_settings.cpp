// The security.* settings, declared next to the verifier options they become.
#include "identity/token_settings.h"

namespace bh::identity {

using namespace std::chrono_literals;

const settings::Declaration<TokenSettings>& token_settings() {
    using S = TokenSettings;
    static const auto declaration =
        settings::Declaration<S>()
            .text(&S::issuer, "security.jwt_issuer", "budgethub",
                  "iss of access tokens; verifiers require it")
            .text(&S::audience, "security.jwt_audience", "budgethub",
                  "aud of access tokens; verifiers require it")
            .duration(&S::leeway, "security.jwt_leeway", "30s", "Clock skew tolerated on exp and nbf",
                      {.min = 0ms, .max = 5min})
            .text(&S::jwks_url, "security.jwks_url", "",
                  "Where verifiers fetch auth's public keys; empty = <auth base URL>/.well-known/jwks.json")
            .duration(&S::jwks_refresh, "security.jwks_refresh", "5m", "Periodic refresh of the fetched JWKS",
                      {.min = 1s, .max = 24h})
            .duration(&S::jwks_min_refresh, "security.jwks_min_refresh", "5s",
                      "Least time between two fetches caused by an unknown kid (bounds forged-kid floods)",
                      {.min = 10ms, .max = 1h});
    return declaration;
}

security::JwtVerifierOptions verifier_options(const TokenSettings& settings) {
    security::JwtVerifierOptions options;
    options.leeway = settings.leeway;
    if (!settings.issuer.empty()) options.issuer = settings.issuer;
    if (!settings.audience.empty()) options.audience = settings.audience;
    return options;
}

}  // namespace bh::identity
