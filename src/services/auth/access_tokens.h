#pragma once
// Issues access tokens (EdDSA JWTs) for a user and session: sub = user id, roles, email, jti, iat,
// exp, iss, aud, plus "sid" (the session), so sign-out can end the session the token belongs to.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/uuid.h"
#include "security/key_ring.h"
#include "services/auth/session_repository.h"
#include "services/auth/user.h"

namespace bh::auth {

inline constexpr const char* kSessionClaim = "sid";

struct AccessTokenSettings {
    std::string issuer;
    std::string audience;
    std::chrono::seconds lifetime{15 * 60};
};

struct IssuedAccessToken {
    std::string token;
    sessions::AccessTokenRef ref;  // jti and exp
};

class AccessTokenIssuer {
  public:
    AccessTokenIssuer(std::shared_ptr<security::KeyRing> keys, AccessTokenSettings settings,
                      const Clock& clock);
    IssuedAccessToken issue(const User& user, const Uuid& session_id) const;
    const AccessTokenSettings& settings() const { return settings_; }

  private:
    std::shared_ptr<security::KeyRing> keys_;
    AccessTokenSettings settings_;
    const Clock* clock_;
};

}  // namespace bh::auth
