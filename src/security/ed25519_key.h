#pragma once
// Ed25519 keys held as OpenSSL 3 EVP_PKEYs. The EVP_PKEY is created once (from PEM, raw bytes or
// generation) and shared by copies, so verifying never re-parses a key.
#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

struct evp_pkey_st;  // OpenSSL's EVP_PKEY, kept out of this header

namespace bh::security {

using Ed25519RawKey = std::array<std::uint8_t, 32>;
using Ed25519Signature = std::array<std::uint8_t, 64>;

class Ed25519PublicKey {
  public:
    // Throw bh::AppError (Internal) when the input is not an Ed25519 public key.
    static Ed25519PublicKey from_raw(std::span<const std::uint8_t, 32> raw);
    static Ed25519PublicKey from_pem(std::string_view pem);  // "BEGIN PUBLIC KEY" (SPKI)

    Ed25519RawKey raw() const;
    std::string to_pem() const;
    // RFC 7638 JWK thumbprint (base64url SHA-256 of the canonical JWK): a stable default kid.
    std::string thumbprint() const;

    // EdDSA verification of message; false for any malformed or wrong signature.
    bool verify(std::string_view message, std::span<const std::uint8_t> signature) const noexcept;

    evp_pkey_st* native() const { return key_.get(); }

  private:
    explicit Ed25519PublicKey(std::shared_ptr<evp_pkey_st> key);
    std::shared_ptr<evp_pkey_st> key_;
    Ed25519RawKey raw_{};  // cached: verify() runs on libsodium, which takes the raw key
    friend class Ed25519PrivateKey;
};

class Ed25519PrivateKey {
  public:
    static Ed25519PrivateKey generate();
    // The 32-byte private seed (the JWK "d" member).
    static Ed25519PrivateKey from_seed(std::span<const std::uint8_t, 32> seed);
    static Ed25519PrivateKey from_pem(std::string_view pem);  // unencrypted PKCS#8 "BEGIN PRIVATE KEY"
    static Ed25519PrivateKey load_pem_file(const std::filesystem::path& file);

    // Unencrypted PKCS#8 PEM: a secret, never log it.
    std::string to_pem() const;
    // Writes to a temporary file created with mode 0600 and renames it over `file`, so the key is
    // never readable by others nor half-written.
    void save_pem_file(const std::filesystem::path& file) const;

    Ed25519PublicKey public_key() const;
    Ed25519Signature sign(std::string_view message) const;

    evp_pkey_st* native() const { return key_.get(); }

  private:
    explicit Ed25519PrivateKey(std::shared_ptr<evp_pkey_st> key) : key_(std::move(key)) {}
    std::shared_ptr<evp_pkey_st> key_;
};

}  // namespace bh::security
