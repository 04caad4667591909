#pragma once
// Unguessable identifiers for lock ownership and rate-limiter entries.
#include <cstddef>
#include <string>

namespace bh::redis {

// `bytes` random bytes from the OpenSSL CSPRNG as lowercase hex (16 bytes = 128 bits = 32 chars).
std::string random_hex(std::size_t bytes = 16);

}  // namespace bh::redis
