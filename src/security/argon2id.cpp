#include "security/argon2id.h"

#include <sodium.h>

#include <array>
#include <cstring>
#include <mutex>

#include "core/error.h"

namespace bh::security {

namespace {

constexpr std::string_view kArgon2idPrefix = "$argon2id$";

// libsodium wants a NUL-terminated hash; copying into a bounded buffer also bounds the input.
using HashBuffer = std::array<char, crypto_pwhash_STRBYTES>;

bool to_c_string(std::string_view hash, HashBuffer& out) {
    if (hash.size() >= out.size() || hash.find('\0') != std::string_view::npos) return false;
    std::memcpy(out.data(), hash.data(), hash.size());
    out[hash.size()] = '\0';
    return true;
}

}  // namespace

Argon2idParams Argon2idParams::interactive() {
    return {crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE, crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE};
}

Argon2idParams Argon2idParams::moderate() {
    return {crypto_pwhash_argon2id_OPSLIMIT_MODERATE, crypto_pwhash_argon2id_MEMLIMIT_MODERATE};
}

void ensure_sodium() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0) throw internal("sodium_init failed");
    });
}

std::string argon2id_hash(std::string_view password, const Argon2idParams& params) {
    ensure_sodium();
    if (password.size() > kMaxPasswordBytes) throw bad_request("Password is too long");
    HashBuffer out{};
    if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), params.opslimit, params.memlimit,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw internal("crypto_pwhash_str_alg failed (out of memory or limits out of range)");
    }
    return std::string(out.data());
}

bool argon2id_verify(std::string_view password, std::string_view hash) {
    ensure_sodium();
    // Only argon2id: crypto_pwhash_str_verify would also accept argon2i hashes.
    HashBuffer buffer{};
    if (password.size() > kMaxPasswordBytes || !hash.starts_with(kArgon2idPrefix) ||
        !to_c_string(hash, buffer)) {
        return false;
    }
    return crypto_pwhash_str_verify(buffer.data(), password.data(), password.size()) == 0;
}

bool argon2id_needs_rehash(std::string_view hash, const Argon2idParams& params) {
    ensure_sodium();
    HashBuffer buffer{};
    if (!hash.starts_with(kArgon2idPrefix) || !to_c_string(hash, buffer)) return true;
    // 0: same algorithm and limits; 1: different limits; -1: not a valid hash.
    return crypto_pwhash_str_needs_rehash(buffer.data(), params.opslimit, params.memlimit) != 0;
}

}  // namespace bh::security
