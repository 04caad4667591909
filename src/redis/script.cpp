#include "redis/script.h"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

namespace bh::redis {

namespace {

std::string sha1_hex(const std::string& text) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_sha1(), nullptr) != 1) {
        throw std::runtime_error("EVP_Digest(sha1) failed");
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(2 * static_cast<std::size_t>(length));
    for (unsigned int i = 0; i < length; ++i) {
        hex += kHex[digest[i] >> 4];
        hex += kHex[digest[i] & 0x0f];
    }
    return hex;
}

}  // namespace

Script::Script(std::string text) : text_(std::move(text)), sha1_(sha1_hex(text_)) {}

}  // namespace bh::redis
