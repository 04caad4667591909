#include "core/base64url.h"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

namespace bh {
namespace {

TEST(Base64Url, EncodesRfc4648VectorsWithoutPadding) {
    // RFC 4648 §10, with the padding JOSE leaves out.
    EXPECT_EQ(base64url_encode(std::string_view("")), "");
    EXPECT_EQ(base64url_encode(std::string_view("f")), "Zg");
    EXPECT_EQ(base64url_encode(std::string_view("fo")), "Zm8");
    EXPECT_EQ(base64url_encode(std::string_view("foo")), "Zm9v");
    EXPECT_EQ(base64url_encode(std::string_view("foob")), "Zm9vYg");
    EXPECT_EQ(base64url_encode(std::string_view("fooba")), "Zm9vYmE");
    EXPECT_EQ(base64url_encode(std::string_view("foobar")), "Zm9vYmFy");
}

TEST(Base64Url, DecodesRfc4648Vectors) {
    EXPECT_EQ(base64url_decode(""), "");
    EXPECT_EQ(base64url_decode("Zg"), "f");
    EXPECT_EQ(base64url_decode("Zm8"), "fo");
    EXPECT_EQ(base64url_decode("Zm9v"), "foo");
    EXPECT_EQ(base64url_decode("Zm9vYg"), "foob");
    EXPECT_EQ(base64url_decode("Zm9vYmE"), "fooba");
    EXPECT_EQ(base64url_decode("Zm9vYmFy"), "foobar");
}

TEST(Base64Url, UsesTheUrlSafeAlphabet) {
    const std::array<std::uint8_t, 3> bytes = {0xFB, 0xFF, 0xBF};  // "+/+/" in standard base64
    EXPECT_EQ(base64url_encode(bytes), "-_-_");
    EXPECT_EQ(base64url_decode("-_-_"), std::string("\xFB\xFF\xBF"));
}

TEST(Base64Url, RoundTripsEveryByteValueAndLength) {
    std::string all;
    for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
    for (std::size_t length = 0; length <= all.size(); ++length) {
        const std::string input = all.substr(0, length);
        EXPECT_EQ(base64url_decode(base64url_encode(input)), input) << "length " << length;
    }
}

TEST(Base64Url, RejectsEverythingButTheCanonicalEncoding) {
    for (const char* bad : {"Zg==", "Zg=", "Zm9v=", "+/8", "Zm9/", "Zm9+", "Zm 9v", "Zm9v\n", " Zm9v", "Z",
                            "Zm9vY", "Zh", "Zm9", "Zm.v", "Zm9v\xC3\xA9"}) {
        EXPECT_EQ(base64url_decode(bad), std::nullopt) << bad;
    }
    EXPECT_EQ(base64url_decode(std::string_view("Zm\0v", 4)), std::nullopt);
}

TEST(Base64Url, DecodeIntoRefusesATooSmallBuffer) {
    std::array<std::uint8_t, 5> small{};
    EXPECT_EQ(base64url_decode_into("Zm9vYmFy", small), std::nullopt);
    std::array<std::uint8_t, 6> exact{};
    EXPECT_EQ(base64url_decode_into("Zm9vYmFy", exact), 6u);
}

TEST(Base64Url, DecodedSize) {
    EXPECT_EQ(base64url_decoded_size(0), 0u);
    EXPECT_EQ(base64url_decoded_size(1), std::nullopt);
    EXPECT_EQ(base64url_decoded_size(2), 1u);
    EXPECT_EQ(base64url_decoded_size(3), 2u);
    EXPECT_EQ(base64url_decoded_size(86), 64u);  // an Ed25519 signature
}

}  // namespace
}  // namespace bh
