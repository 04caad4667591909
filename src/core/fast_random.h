#pragma once
// Cheap per-thread randomness for identifiers that must be unique but are not secrets (UUIDv7 ids,
// request ids, trace/span ids). Seeded once per thread from OpenSSL's CSPRNG. Never use it for
// tokens, keys or anything an attacker must not guess: security/random_token.h is for that.
#include <cstddef>
#include <cstdint>

namespace bh {

std::uint64_t fast_random_u64();
void fast_random_fill(std::uint8_t* out, std::size_t size);

}  // namespace bh
