#include "security/digest.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/base64url.h"
#include "core/error.h"
#include "security/random_token.h"

namespace bh::security {
namespace {

TEST(Digest, Sha256KnownValues) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Digest, HmacSha256Rfc4231TestCase1) {
    EXPECT_EQ(hmac_sha256(std::string(20, '\x0b'), "Hi There"),
              "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST(Digest, HmacSha256Rfc4231TestCase2) {
    EXPECT_EQ(hmac_sha256("Jefe", "what do ya want for nothing?"),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Digest, HmacSha256AcceptsAnEmptyKey) {
    EXPECT_EQ(hmac_sha256("", ""), "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(Digest, ConstantTimeEqual) {
    EXPECT_TRUE(constant_time_equal("", ""));
    EXPECT_TRUE(constant_time_equal("abc", "abc"));
    EXPECT_FALSE(constant_time_equal("abc", "abd"));
    EXPECT_FALSE(constant_time_equal("abc", "ab"));
    EXPECT_FALSE(constant_time_equal("", "a"));
}

TEST(RandomToken, Is256BitsOfBase64Url) {
    const std::string token = random_token();
    EXPECT_EQ(token.size(), 43u);
    const auto bytes = base64url_decode(token);
    ASSERT_TRUE(bytes.has_value());
    EXPECT_EQ(bytes->size(), 32u);
}

TEST(RandomToken, NeverRepeats) {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) EXPECT_TRUE(seen.insert(random_token()).second);
}

TEST(RandomToken, RefusesWeakOrAbsurdSizes) {
    EXPECT_THROW(random_token(8), AppError);
    EXPECT_THROW(random_token(4096), AppError);
    EXPECT_EQ(random_token(16).size(), 22u);
}

}  // namespace
}  // namespace bh::security
