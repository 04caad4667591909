#include "services/auth/access_tokens.h"

namespace bh::auth {

AccessTokenIssuer::AccessTokenIssuer(std::shared_ptr<security::KeyRing> keys, AccessTokenSettings settings,
                                     const Clock& clock)
    : keys_(std::move(keys)), settings_(std::move(settings)), clock_(&clock) {}

IssuedAccessToken AccessTokenIssuer::issue(const User& user, const Uuid& session_id) const {
    using namespace std::chrono;
    security::JwtClaims claims;
    claims.sub = user.id.to_string();
    claims.email = user.profile.email;
    claims.roles = user.roles;
    claims.jti = Uuid::v7(*clock_).to_string();
    claims.iat = floor<seconds>(clock_->now());
    claims.exp = claims.iat + settings_.lifetime;
    claims.iss = settings_.issuer;
    if (!settings_.audience.empty()) claims.aud = {settings_.audience};
    claims.extra[kSessionClaim] = session_id.to_string();
    IssuedAccessToken issued;
    issued.token = keys_->signer().sign(claims);
    issued.ref = {claims.jti, system_clock::time_point(claims.exp)};
    return issued;
}

}  // namespace bh::auth
