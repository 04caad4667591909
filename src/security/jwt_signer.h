#pragma once
// Issues compact JWS access tokens signed with EdDSA (Ed25519), header {"alg":"EdDSA","typ":"JWT","kid":...}.
#include <string>

#include "security/ed25519_key.h"
#include "security/jwt_claims.h"

namespace bh::security {

class JwtSigner {
  public:
    JwtSigner(Ed25519PrivateKey key, std::string kid);

    // header.payload.signature; throws bh::AppError (Internal) when sub, jti or exp is missing.
    std::string sign(const JwtClaims& claims) const;

    const std::string& kid() const { return kid_; }
    Ed25519PublicKey public_key() const { return key_.public_key(); }

  private:
    Ed25519PrivateKey key_;
    std::string kid_;
    std::string encoded_header_;  // the same for every token of this key
};

}  // namespace bh::security
