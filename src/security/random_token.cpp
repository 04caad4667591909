#include "security/random_token.h"

#include <openssl/rand.h>

#include <vector>

#include "core/base64url.h"
#include "core/error.h"

namespace bh::security {

std::string random_token(std::size_t bytes) {
    // Fewer than 16 bytes (128 bits) would be guessable at scale; more than 1 KiB is a mistake.
    if (bytes < 16 || bytes > 1024) throw internal("random_token: size out of range");
    std::vector<std::uint8_t> buffer(bytes);
    if (RAND_bytes(buffer.data(), static_cast<int>(buffer.size())) != 1) throw internal("RAND_bytes failed");
    return base64url_encode(buffer);
}

}  // namespace bh::security
