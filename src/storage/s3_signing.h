#pragma once
// AWS Signature Version 4 query signing (presigned GET URLs). Request signing is libcurl's
// (CURLOPT_AWS_SIGV4); a presigned URL is something curl does not make, so it is computed here.
// Plain functions: unit-tested against the example in the AWS documentation.
#include <chrono>
#include <string>
#include <string_view>

namespace bh::storage {

struct PresignInput {
    std::string_view host;  // as the client will send it: "s3.example.com" or "127.0.0.1:9000"
    std::string_view path;  // canonical, already URI-encoded: "/bucket/exports/1.xlsx"
    std::string_view region;
    std::string_view access_key;
    std::string_view secret_key;
    std::chrono::sys_seconds now;
    std::chrono::seconds expires;  // 1 s .. 7 days (S3's limit)
};

// "20130524T000000Z"
std::string amz_timestamp(std::chrono::sys_seconds at);
// RFC 3986 unreserved characters kept, everything else %XX (upper case), as SigV4 wants.
std::string aws_uri_encode(std::string_view text, bool keep_slash);
// The query string of a presigned GET ("X-Amz-Algorithm=...&X-Amz-Signature=<hex>").
std::string presigned_query(const PresignInput& input);

}  // namespace bh::storage
