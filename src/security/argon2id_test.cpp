#include "security/argon2id.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include "core/error.h"

namespace bh::security {
namespace {

// The smallest limits libsodium allows: keeps the tests fast; one test uses the real defaults.
const Argon2idParams kCheap{crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN};

TEST(Argon2id, DefaultsAreLibsodiumInteractive) {
    const Argon2idParams params = Argon2idParams::interactive();
    EXPECT_EQ(params.opslimit, 2u);
    EXPECT_EQ(params.memlimit, 64u * 1024 * 1024);
    const std::string hash = argon2id_hash("correct horse battery staple");
    EXPECT_TRUE(hash.starts_with("$argon2id$v=19$m=65536,t=2,p=1$")) << hash;
    EXPECT_TRUE(argon2id_verify("correct horse battery staple", hash));
    EXPECT_FALSE(argon2id_needs_rehash(hash));
}

TEST(Argon2id, VerifiesTheRightPasswordOnly) {
    const std::string hash = argon2id_hash("s3cret!", kCheap);
    EXPECT_TRUE(argon2id_verify("s3cret!", hash));
    EXPECT_FALSE(argon2id_verify("s3cret", hash));
    EXPECT_FALSE(argon2id_verify("S3cret!", hash));
    EXPECT_FALSE(argon2id_verify("", hash));
}

TEST(Argon2id, SaltsEveryHash) {
    EXPECT_NE(argon2id_hash("same", kCheap), argon2id_hash("same", kCheap));
}

TEST(Argon2id, HandlesEmptyAndBinaryPasswords) {
    const std::string binary("a\0b", 3);
    const std::string hash = argon2id_hash(binary, kCheap);
    EXPECT_TRUE(argon2id_verify(binary, hash));
    EXPECT_FALSE(argon2id_verify("a", hash));
    EXPECT_TRUE(argon2id_verify("", argon2id_hash("", kCheap)));
}

TEST(Argon2id, NeedsRehashWhenLimitsOrAlgorithmDiffer) {
    const std::string cheap = argon2id_hash("pw", kCheap);
    EXPECT_FALSE(argon2id_needs_rehash(cheap, kCheap));
    EXPECT_TRUE(argon2id_needs_rehash(cheap, Argon2idParams::interactive()));
    EXPECT_TRUE(argon2id_needs_rehash("", kCheap));
    EXPECT_TRUE(
        argon2id_needs_rehash("$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", kCheap));

    char argon2i[crypto_pwhash_STRBYTES];
    ASSERT_EQ(crypto_pwhash_str_alg(argon2i, "pw", 2, crypto_pwhash_argon2i_OPSLIMIT_MIN,
                                    crypto_pwhash_argon2i_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2I13),
              0);
    EXPECT_TRUE(argon2id_needs_rehash(argon2i, kCheap));
    EXPECT_FALSE(argon2id_verify("pw", argon2i));  // only argon2id is accepted
}

TEST(Argon2id, RefusesGarbageHashes) {
    EXPECT_FALSE(argon2id_verify("pw", ""));
    EXPECT_FALSE(argon2id_verify("pw", "$argon2id$"));
    EXPECT_FALSE(argon2id_verify("pw", "$argon2id$v=19$m=8,t=1,p=1$AAAA$AAAA"));
    EXPECT_FALSE(argon2id_verify("pw", std::string("$argon2id$\0", 11)));
    EXPECT_FALSE(argon2id_verify("pw", "$argon2id$" + std::string(1000, 'A')));
}

TEST(Argon2id, BoundsThePasswordLength) {
    const std::string longest(kMaxPasswordBytes, 'p');
    const std::string hash = argon2id_hash(longest, kCheap);
    EXPECT_TRUE(argon2id_verify(longest, hash));
    try {
        argon2id_hash(longest + "p", kCheap);
        FAIL() << "hashed an over-long password";
    } catch (const AppError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadRequest);
    }
    EXPECT_FALSE(argon2id_verify(longest + "p", hash));
}

}  // namespace
}  // namespace bh::security
