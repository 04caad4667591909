#include "storage/s3_signing.h"

#include <gtest/gtest.h>

namespace bh::storage {
namespace {

using namespace std::chrono;

// The presigned-URL example of the AWS documentation ("Authenticating Requests: Using Query
// Parameters (AWS Signature Version 4)").
TEST(S3Signing, MatchesTheAwsDocumentationExample) {
    const PresignInput input{.host = "examplebucket.s3.amazonaws.com",
                             .path = "/test.txt",
                             .region = "us-east-1",
                             .access_key = "AKIAIOSFODNN7EXAMPLE",
                             .secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                             .now = sys_days{year{2013} / May / 24},
                             .expires = seconds{86400}};
    EXPECT_EQ(
        presigned_query(input),
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%"
        "2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-"
        "Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

TEST(S3Signing, ExpiryIsClampedToSevenDays) {
    PresignInput input{.host = "h",
                       .path = "/b/k",
                       .region = "r",
                       .access_key = "a",
                       .secret_key = "s",
                       .now = sys_days{year{2024} / 1 / 1},
                       .expires = hours{24 * 30}};
    EXPECT_NE(presigned_query(input).find("X-Amz-Expires=604800&"), std::string::npos);
    input.expires = seconds{0};
    EXPECT_NE(presigned_query(input).find("X-Amz-Expires=1&"), std::string::npos);
}

TEST(S3Signing, UriEncoding) {
    EXPECT_EQ(aws_uri_encode("a b/c~d_e-f.g", true), "a%20b/c~d_e-f.g");
    EXPECT_EQ(aws_uri_encode("a/b+c=", false), "a%2Fb%2Bc%3D");
    EXPECT_EQ(aws_uri_encode("\xC3\xA9", false), "%C3%A9");
}

TEST(S3Signing, Timestamp) {
    EXPECT_EQ(amz_timestamp(sys_days{year{2024} / 2 / 29} + hours{13} + minutes{5} + seconds{9}),
              "20240229T130509Z");
}

}  // namespace
}  // namespace bh::storage
