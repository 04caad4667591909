#include "redis/random_token.h"

#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace bh::redis {

std::string random_hex(std::size_t bytes) {
    std::vector<unsigned char> raw(bytes);
    if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1) {
        throw std::runtime_error("RAND_bytes failed");
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(2 * bytes);
    for (const unsigned char b : raw) {
        hex += kHex[b >> 4];
        hex += kHex[b & 0x0f];
    }
    return hex;
}

}  // namespace bh::redis
