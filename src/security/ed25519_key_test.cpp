#include "security/ed25519_key.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/base64url.h"
#include "core/error.h"

namespace bh::security {
namespace {

// RFC 8037 Appendix A.1/A.2: the example key as JWK members.
constexpr std::string_view kRfcD = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
constexpr std::string_view kRfcX = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
// A.4: JWS signing input for {"alg":"EdDSA"} and "Example of Ed25519 signing", and its signature.
constexpr std::string_view kRfcSigningInput = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
constexpr std::string_view kRfcSignature =
    "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

Ed25519RawKey raw32(std::string_view encoded) {
    Ed25519RawKey raw{};
    EXPECT_EQ(base64url_decode_into(encoded, raw), 32u);
    return raw;
}

Ed25519Signature signature_of(std::string_view encoded) {
    Ed25519Signature signature{};
    EXPECT_EQ(base64url_decode_into(encoded, signature), 64u);
    return signature;
}

TEST(Ed25519Rfc8037, PublicKeyFromTheExampleSeed) {
    const auto key = Ed25519PrivateKey::from_seed(raw32(kRfcD));
    EXPECT_EQ(base64url_encode(key.public_key().raw()), kRfcX);
}

TEST(Ed25519Rfc8037, ThumbprintMatchesAppendixA3) {
    const auto key = Ed25519PublicKey::from_raw(raw32(kRfcX));
    EXPECT_EQ(key.thumbprint(), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
}

TEST(Ed25519Rfc8037, SignatureMatchesAppendixA4) {
    const auto key = Ed25519PrivateKey::from_seed(raw32(kRfcD));
    EXPECT_EQ(base64url_encode(key.sign(kRfcSigningInput)), kRfcSignature);
}

TEST(Ed25519Rfc8037, VerifiesAppendixA5) {
    const auto key = Ed25519PublicKey::from_raw(raw32(kRfcX));
    const Ed25519Signature signature = signature_of(kRfcSignature);
    EXPECT_TRUE(key.verify(kRfcSigningInput, signature));
    EXPECT_FALSE(key.verify(std::string(kRfcSigningInput) + "x", signature));
}

TEST(Ed25519, RejectsAlteredOrMisSizedSignatures) {
    const auto key = Ed25519PrivateKey::generate();
    Ed25519Signature signature = key.sign("message");
    EXPECT_TRUE(key.public_key().verify("message", signature));
    signature[10] ^= 0x01;
    EXPECT_FALSE(key.public_key().verify("message", signature));
    EXPECT_FALSE(key.public_key().verify("message", std::span(signature).first(63)));
    EXPECT_FALSE(key.public_key().verify("message", {}));
}

TEST(Ed25519, AnotherKeyDoesNotVerify) {
    const auto a = Ed25519PrivateKey::generate();
    const auto b = Ed25519PrivateKey::generate();
    EXPECT_FALSE(b.public_key().verify("message", a.sign("message")));
    EXPECT_NE(a.public_key().raw(), b.public_key().raw());
}

TEST(Ed25519, PemRoundTrip) {
    const auto key = Ed25519PrivateKey::generate();
    const std::string pem = key.to_pem();
    EXPECT_NE(pem.find("BEGIN PRIVATE KEY"), std::string::npos);
    const auto again = Ed25519PrivateKey::from_pem(pem);
    EXPECT_EQ(again.public_key().raw(), key.public_key().raw());

    const std::string public_pem = key.public_key().to_pem();
    EXPECT_NE(public_pem.find("BEGIN PUBLIC KEY"), std::string::npos);
    EXPECT_EQ(Ed25519PublicKey::from_pem(public_pem).raw(), key.public_key().raw());
}

TEST(Ed25519, RefusesGarbageAndOtherKeyTypes) {
    EXPECT_THROW(Ed25519PrivateKey::from_pem("not a key"), AppError);
    EXPECT_THROW(Ed25519PublicKey::from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"),
                 AppError);

    EVP_PKEY* ec = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    ASSERT_NE(ec, nullptr);
    BIO* bio = BIO_new(BIO_s_mem());
    ASSERT_EQ(PEM_write_bio_PrivateKey(bio, ec, nullptr, nullptr, 0, nullptr, nullptr), 1);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    const std::string ec_pem(data, static_cast<std::size_t>(size));
    BIO_free(bio);
    EVP_PKEY_free(ec);
    EXPECT_THROW(Ed25519PrivateKey::from_pem(ec_pem), AppError);
}

TEST(Ed25519, SavesThePrivateKeyReadableByTheOwnerOnly) {
    const auto directory =
        std::filesystem::temp_directory_path() / ("bh_key_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(directory);
    const auto file = directory / "auth-jwt.pem";
    const auto key = Ed25519PrivateKey::generate();
    key.save_pem_file(file);

    struct stat info {};
    ASSERT_EQ(::stat(file.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
    EXPECT_FALSE(std::filesystem::exists(file.string() + ".tmp"));
    EXPECT_EQ(Ed25519PrivateKey::load_pem_file(file).public_key().raw(), key.public_key().raw());

    // Overwriting keeps the mode and replaces the key.
    const auto next = Ed25519PrivateKey::generate();
    next.save_pem_file(file);
    EXPECT_EQ(Ed25519PrivateKey::load_pem_file(file).public_key().raw(), next.public_key().raw());

    EXPECT_THROW(Ed25519PrivateKey::load_pem_file(directory / "missing.pem"), AppError);
    std::filesystem::remove_all(directory);
}

}  // namespace
}  // namespace bh::security
