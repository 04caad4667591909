#pragma once
// The auth service's HTTP surface (seed-spec §2.1 plus the routes of docs/dev/contracts.md): thin
// handlers that parse and validate, call AuthFlows, and shape the contract's JSON.
#include <memory>
#include <string>
#include <vector>

#include "http/router.h"
#include "identity/authenticator.h"
#include "security/jwt_verifier.h"
#include "security/key_ring.h"
#include "services/auth/auth_flows.h"

namespace bh::auth {

struct RouteContext {
    AuthFlows* flows = nullptr;
    const identity::Authenticator* authenticator = nullptr;
    std::shared_ptr<const security::JwtVerifier> verifier;  // re-read the verified token's "sid"
    std::shared_ptr<security::KeyRing> keys;                // published as JWKS
    std::vector<std::string> trusted_proxies;
    const Clock* clock = nullptr;
};

void add_auth_routes(http::Router& router, const std::shared_ptr<const RouteContext>& context);

}  // namespace bh::auth
