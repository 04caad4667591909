#include "services/budget/invoices/base64.h"

#include <gtest/gtest.h>

namespace bh::budget {
namespace {

TEST(Base64, Rfc4648Vectors) {
    const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                           {"f", "Zg=="},
                                                           {"fo", "Zm8="},
                                                           {"foo", "Zm9v"},
                                                           {"foob", "Zm9vYg=="},
                                                           {"fooba", "Zm9vYmE="},
                                                           {"foobar", "Zm9vYmFy"}};
    for (auto [plain, encoded] : vectors) {
        EXPECT_EQ(base64_encode(plain), encoded);
        EXPECT_EQ(base64_decode(encoded), plain);
    }
}

TEST(Base64, BinaryRoundTrip) {
    std::string bytes;
    for (int i = 0; i < 1000; ++i) bytes.push_back(static_cast<char>(i * 31));
    EXPECT_EQ(base64_decode(base64_encode(bytes)), bytes);
    EXPECT_EQ(base64_decode("Zm9v\r\nYmFy"), "foobar");  // wrapped lines
}

TEST(Base64, RejectsInvalidInput) {
    for (const char* bad :
         {"Zg", "Zg=", "Zm9v=", "Z===", "Zm9-", "Zm9_", "Zg==Zg==", "Zh==", "Zm9=", "@@@@"}) {
        EXPECT_FALSE(base64_decode(bad).has_value()) << bad;
    }
}

}  // namespace
}  // namespace bh::budget
