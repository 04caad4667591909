#include "security/ed25519_key.h"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "core/base64url.h"
#include "core/error.h"
#include "core/file_text.h"
#include "security/argon2id.h"
#include "security/digest.h"

namespace bh::security {

namespace {

struct BioDeleter {
    void operator()(BIO* bio) const { BIO_free(bio); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

struct MdCtxDeleter {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

// Fails with OpenSSL's reason in the detail, and leaves the thread's error queue empty so a later
// TLS call on this thread does not pick up our stale error.
[[noreturn]] void fail(const char* what) {
    const unsigned long code = ERR_peek_last_error();
    char reason[256] = "no OpenSSL error";
    if (code != 0) ERR_error_string_n(code, reason, sizeof reason);
    ERR_clear_error();
    throw internal(std::string(what) + ": " + reason);
}

std::shared_ptr<EVP_PKEY> adopt(EVP_PKEY* key, const char* what) {
    if (key == nullptr) fail(what);
    std::shared_ptr<EVP_PKEY> owned(key, EVP_PKEY_free);
    if (EVP_PKEY_get_base_id(key) != EVP_PKEY_ED25519)
        throw internal(std::string(what) + ": not an Ed25519 key");
    return owned;
}

BioPtr memory_bio(std::string_view text) {
    BioPtr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
    if (!bio) fail("BIO_new_mem_buf");
    return bio;
}

std::string drain(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
}

// Never prompt on a terminal for an encrypted key: treat it as unreadable.
int no_passphrase(char*, int, int, void*) {
    return 0;
}

Ed25519RawKey raw_public(EVP_PKEY* key) {
    Ed25519RawKey raw{};
    std::size_t size = raw.size();
    if (EVP_PKEY_get_raw_public_key(key, raw.data(), &size) != 1 || size != raw.size()) {
        fail("EVP_PKEY_get_raw_public_key");
    }
    return raw;
}

}  // namespace

// ---- public key ----

Ed25519PublicKey Ed25519PublicKey::from_raw(std::span<const std::uint8_t, 32> raw) {
    return Ed25519PublicKey(
        adopt(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, raw.data(), raw.size()),
              "Ed25519 public key from raw bytes"));
}

Ed25519PublicKey Ed25519PublicKey::from_pem(std::string_view pem) {
    const BioPtr bio = memory_bio(pem);
    return Ed25519PublicKey(adopt(PEM_read_bio_PUBKEY(bio.get(), nullptr, no_passphrase, nullptr),
                                  "Ed25519 public key from PEM"));
}

Ed25519PublicKey::Ed25519PublicKey(std::shared_ptr<evp_pkey_st> key)
    : key_(std::move(key)), raw_(raw_public(key_.get())) {
    ensure_sodium();
}

Ed25519RawKey Ed25519PublicKey::raw() const {
    return raw_;
}

std::string Ed25519PublicKey::to_pem() const {
    const BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), key_.get()) != 1) fail("PEM_write_bio_PUBKEY");
    return drain(bio.get());
}

std::string Ed25519PublicKey::thumbprint() const {
    // RFC 7638 §3.2: required members only, lexicographic order, no whitespace.
    const Ed25519RawKey x = raw();
    const std::string canonical = R"({"crv":"Ed25519","kty":"OKP","x":")" + base64url_encode(x) + R"("})";
    return base64url_encode(sha256(canonical));
}

bool Ed25519PublicKey::verify(std::string_view message,
                              std::span<const std::uint8_t> signature) const noexcept {
    if (signature.size() != std::tuple_size_v<Ed25519Signature>) return false;
    // libsodium: about half the cost of OpenSSL's EVP_DigestVerify per call (no context
    // allocation), and it rejects non-canonical signatures and small-order keys.
    return crypto_sign_verify_detached(signature.data(),
                                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                       raw_.data()) == 0;
}

// ---- private key ----

Ed25519PrivateKey Ed25519PrivateKey::generate() {
    return Ed25519PrivateKey(adopt(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"), "Ed25519 key generation"));
}

Ed25519PrivateKey Ed25519PrivateKey::from_seed(std::span<const std::uint8_t, 32> seed) {
    return Ed25519PrivateKey(
        adopt(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()),
              "Ed25519 private key from seed"));
}

Ed25519PrivateKey Ed25519PrivateKey::from_pem(std::string_view pem) {
    const BioPtr bio = memory_bio(pem);
    return Ed25519PrivateKey(adopt(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr),
                                   "Ed25519 private key from PEM"));
}

Ed25519PrivateKey Ed25519PrivateKey::load_pem_file(const std::filesystem::path& file) {
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0) {
        throw internal("cannot read private key file " + file.string() + ": " +
                       std::system_category().message(errno));
    }
    if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        spdlog::warn("private key file {} is accessible by group or others (mode {:o}); use 0600",
                     file.string(), info.st_mode & 0777);
    }
    const auto text = read_file_text(file);
    if (!text) throw internal("cannot open private key file " + file.string());
    return from_pem(*text);
}

std::string Ed25519PrivateKey::to_pem() const {
    const BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        fail("PEM_write_bio_PrivateKey");
    }
    return drain(bio.get());
}

void Ed25519PrivateKey::save_pem_file(const std::filesystem::path& file) const {
    const std::string pem = to_pem();
    const std::filesystem::path temporary = file.string() + ".tmp";
    // A leftover from a crash may carry a looser mode: start from a file we create ourselves.
    ::unlink(temporary.c_str());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        throw internal("cannot create " + temporary.string() + ": " + std::system_category().message(errno));
    std::size_t written = 0;
    bool ok = true;
    while (ok && written < pem.size()) {
        const ssize_t n = ::write(fd, pem.data() + written, pem.size() - written);
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) written += static_cast<std::size_t>(n);
    }
    ok = ok && ::fsync(fd) == 0;
    const int saved_errno = errno;
    ::close(fd);
    if (!ok || ::rename(temporary.c_str(), file.c_str()) != 0) {
        const int error = ok ? errno : saved_errno;
        ::unlink(temporary.c_str());
        throw internal("cannot write private key file " + file.string() + ": " +
                       std::system_category().message(error));
    }
}

Ed25519PublicKey Ed25519PrivateKey::public_key() const {
    // A public-only EVP_PKEY, so verifiers never hold private material.
    const Ed25519RawKey raw = raw_public(key_.get());
    return Ed25519PublicKey::from_raw(raw);
}

Ed25519Signature Ed25519PrivateKey::sign(std::string_view message) const {
    Ed25519Signature signature{};
    std::size_t size = signature.size();
    const MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) != 1 ||
        EVP_DigestSign(ctx.get(), signature.data(), &size,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1 ||
        size != signature.size()) {
        fail("Ed25519 signing");
    }
    return signature;
}

}  // namespace bh::security
