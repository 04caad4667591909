#include "security/digest.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/error.h"

namespace bh::security {

Sha256Digest sha256(std::string_view data) {
    Sha256Digest digest{};
    unsigned int size = 0;
    if (EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1 ||
        size != digest.size()) {
        throw internal("EVP_Digest(SHA-256) failed");
    }
    return digest;
}

std::string sha256_hex(std::string_view data) {
    return to_hex(sha256(data));
}

Sha256Digest hmac_sha256_raw(std::string_view key, std::string_view message) {
    Sha256Digest mac{};
    unsigned int size = 0;
    // HMAC() rejects a null key pointer even with length 0; any valid address will do then.
    static const unsigned char kEmpty = 0;
    const void* key_data = key.empty() ? &kEmpty : static_cast<const void*>(key.data());
    if (HMAC(EVP_sha256(), key_data, static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac.data(),
             &size) == nullptr ||
        size != mac.size()) {
        throw internal("HMAC-SHA256 failed");
    }
    return mac;
}

std::string hmac_sha256(std::string_view key, std::string_view message) {
    return to_hex(hmac_sha256_raw(key, message));
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const std::uint8_t b : bytes) {
        out.push_back(kDigits[b >> 4]);
        out.push_back(kDigits[b & 0x0F]);
    }
    return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace bh::security
