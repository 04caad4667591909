#pragma once
// Verifies EdDSA access tokens against a set of public keys selected by `kid`. Only "EdDSA" is
// accepted: the algorithm comes from our configuration, never from the token, so "none", HS256
// keyed with a public key, RS256, ES256, ... are all refused (algorithm confusion).
#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "security/ed25519_key.h"
#include "security/jwt_claims.h"

namespace bh::security {

struct VerificationKey {
    std::string kid;
    Ed25519PublicKey key;
    // A rotated-out key verifies until this instant (the longest lifetime of the tokens it signed);
    // nullopt = no end (the current key).
    std::optional<std::chrono::system_clock::time_point> not_after;
};
using VerificationKeys = std::vector<VerificationKey>;

enum class JwtError {
    None,
    TooLarge,         // longer than max_token_bytes: refused before any parsing
    Malformed,        // not three non-empty dot-separated segments
    BadEncoding,      // a segment is not strict unpadded base64url
    BadJson,          // header or payload is not a JSON object
    UnsupportedAlg,   // alg is not exactly "EdDSA"
    UnsupportedType,  // typ present and not "JWT"
    UnsupportedCrit,  // a "crit" header: we understand no extensions
    UnknownKid,       // no kid, or no key with that kid
    KeyExpired,       // the key was rotated out and its grace period is over
    BadSignature,
    MissingClaim,  // sub, jti or exp
    BadClaim,      // a registered claim of the wrong type
    Expired,
    NotYetValid,
    WrongIssuer,
    WrongAudience,
};
std::string_view to_string(JwtError error);

struct JwtVerifierOptions {
    std::chrono::seconds leeway{30};           // tolerated clock skew for exp and nbf
    std::optional<std::string> issuer = {};    // required iss when set
    std::optional<std::string> audience = {};  // must be one of aud when set
    std::size_t max_token_bytes = 8192;        // at most kMaxTokenBytes
    // Tokens remembered as verified (security/verified_token_cache.h); 0 = verify every time.
    std::size_t verified_cache_entries = 4096;
};

class VerifiedTokenCache;

class JwtVerifier {
  public:
    static constexpr std::size_t kMaxTokenBytes = 16384;

    explicit JwtVerifier(VerificationKeys keys, JwtVerifierOptions options = {},
                         const Clock& clock = bh::system_clock());
    ~JwtVerifier();
    JwtVerifier(const JwtVerifier&) = delete;
    JwtVerifier& operator=(const JwtVerifier&) = delete;

    // The claims of a valid token; otherwise throws bh::AppError (Unauthorized, INVALID_TOKEN) with
    // the reason in the detail only.
    JwtClaims verify(std::string_view token) const;
    // The same without exceptions: fills `out` only when the result is JwtError::None.
    JwtError try_verify(std::string_view token, JwtClaims& out) const;

    // Swaps the key set (JWKS refresh, rotation); safe while other threads verify.
    void replace_keys(VerificationKeys keys);
    std::vector<std::string> kids() const;

  private:
    JwtError check_times(const JwtClaims& claims, std::chrono::system_clock::time_point now) const;

    std::atomic<std::shared_ptr<const VerificationKeys>> keys_;
    JwtVerifierOptions options_;
    const Clock* clock_;
    std::unique_ptr<VerifiedTokenCache> cache_;
};

}  // namespace bh::security
