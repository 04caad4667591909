#pragma once
// The security.* settings (declared in token_settings.cpp): what an access token must say (issuer,
// audience, clock leeway) and where verifiers fetch the keys that sign them.
#include <chrono>
#include <string>

#include "core/settings.h"
#include "security/jwt_verifier.h"

namespace bh::identity {

struct TokenSettings {
    std::string issuer;
    std::string audience;
    std::chrono::seconds leeway{};
    std::string jwks_url;  // empty = auth's own address (runtime/caller_identity.cpp)
    std::chrono::milliseconds jwks_refresh{};
    std::chrono::milliseconds jwks_min_refresh{};
};

const settings::Declaration<TokenSettings>& token_settings();

// Issuer, audience and leeway a verifier requires.
security::JwtVerifierOptions verifier_options(const TokenSettings& settings);

}  // namespace bh::identity
