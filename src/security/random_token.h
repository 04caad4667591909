#pragma once
// Unguessable opaque tokens (refresh, password reset) from the OpenSSL CSPRNG.
#include <cstddef>
#include <string>

namespace bh::security {

// `bytes` random bytes as unpadded base64url: 32 bytes (256 bits) → 43 characters.
std::string random_token(std::size_t bytes = 32);

}  // namespace bh::security
