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
#include "services/auth/domain/user.h"
#include "services/auth/sessions/session_repository.h"

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
    // A token for an access grant already issued (same jti and exp, so revoking or retiring the
    // grant ends every token of it): what a refresh within the reuse grace hands out.
    IssuedAccessToken reissue(const User& user, const Uuid& session_id,
                              const sessions::AccessTokenRef& grant) const;
    const AccessTokenSettings& settings() const { return settings_; }

  private:
    IssuedAccessToken sign(const User& user, const Uuid& session_id, std::string jti,
                           std::chrono::sys_seconds expires_at) const;

    std::shared_ptr<security::KeyRing> keys_;
    AccessTokenSettings settings_;
    const Clock* clock_;
};

}  // namespace bh::auth
