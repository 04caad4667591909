#include "services/auth/sessions/access_tokens.h"

namespace bh::auth {

AccessTokenIssuer::AccessTokenIssuer(std::shared_ptr<security::KeyRing> keys, AccessTokenSettings settings,
                                     const Clock& clock)
    : keys_(std::move(keys)), settings_(std::move(settings)), clock_(&clock) {}

IssuedAccessToken AccessTokenIssuer::issue(const User& user, const Uuid& session_id) const {
    using namespace std::chrono;
    return sign(user, session_id, Uuid::v7(*clock_).to_string(),
                floor<seconds>(clock_->now()) + settings_.lifetime);
}

IssuedAccessToken AccessTokenIssuer::reissue(const User& user, const Uuid& session_id,
                                             const sessions::AccessTokenRef& grant) const {
    using namespace std::chrono;
    return sign(user, session_id, grant.jti, floor<seconds>(grant.expires_at));
}

IssuedAccessToken AccessTokenIssuer::sign(const User& user, const Uuid& session_id, std::string jti,
                                          std::chrono::sys_seconds expires_at) const {
    using namespace std::chrono;
    security::JwtClaims claims;
    claims.sub = user.id.to_string();
    claims.email = user.profile.email;
    claims.roles = user.roles;
    claims.jti = std::move(jti);
    claims.iat = floor<seconds>(clock_->now());
    claims.exp = expires_at;
    claims.iss = settings_.issuer;
    if (!settings_.audience.empty()) claims.aud = {settings_.audience};
    claims.extra[kSessionClaim] = session_id.to_string();
    IssuedAccessToken issued;
    issued.token = keys_->signer().sign(claims);
    issued.ref = {claims.jti, system_clock::time_point(claims.exp)};
    return issued;
}

}  // namespace bh::auth
