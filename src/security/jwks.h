#pragma once
// JSON Web Key Sets (RFC 7517) for Ed25519 keys (RFC 8037): auth publishes its verification keys,
// the portal fetches and parses them.
#include <string>
#include <string_view>

#include "security/jwt_verifier.h"

namespace bh::security {

// {"keys":[{"kty":"OKP","crv":"Ed25519","x":...,"kid":...,"use":"sig","alg":"EdDSA"}, ...]}
std::string to_jwks_json(const VerificationKeys& keys);

// Keys of another type, curve, use or algorithm are skipped (a JWKS may carry several kinds);
// a malformed document, a malformed Ed25519 key, a duplicate kid or a set without any usable key
// throws bh::AppError (Internal). Parsed keys have no not_after: the publisher drops them instead.
VerificationKeys parse_jwks(std::string_view json);

}  // namespace bh::security
