#pragma once
// The auth service's signing keys: one current private key that signs, plus the public halves of
// keys rotated out, which keep verifying until the tokens they signed have all expired.
#include <chrono>
#include <mutex>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "security/ed25519_key.h"
#include "security/jwt_signer.h"
#include "security/jwt_verifier.h"

namespace bh::security {

class KeyRing {
  public:
    KeyRing(Ed25519PrivateKey current, std::string kid, const Clock& clock = bh::system_clock());

    // `next` signs from now on. The previous key keeps verifying for `grace`, which must be at least
    // the lifetime of the longest token it may have signed.
    void rotate(Ed25519PrivateKey next, std::string kid, std::chrono::seconds grace);
    // A previous public key known from elsewhere (e.g. kept across a restart), accepted until not_after.
    void add_previous(VerificationKey key);
    // Stops accepting a previous key at once (a compromised key). The current key cannot be removed.
    void remove(std::string_view kid);
    // Forgets previous keys whose grace period is over.
    void prune();

    JwtSigner signer() const;
    // Current key first, then previous keys still within their grace period.
    VerificationKeys verification_keys() const;

  private:
    mutable std::mutex mutex_;
    JwtSigner current_;
    VerificationKeys previous_;
    const Clock* clock_;
};

}  // namespace bh::security
