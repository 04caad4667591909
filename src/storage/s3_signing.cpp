#include "storage/s3_signing.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

#include "security/digest.h"

namespace bh::storage {

namespace {

constexpr std::chrono::seconds kMaxExpiry{7 * 24 * 3600};

std::string as_string(const security::Sha256Digest& digest) {
    return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

}  // namespace

std::string amz_timestamp(std::chrono::sys_seconds at) {
    const auto day = std::chrono::floor<std::chrono::days>(at);
    const std::chrono::year_month_day date{day};
    const std::chrono::hh_mm_ss time{at - day};
    return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", static_cast<int>(date.year()),
                       static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                       time.hours().count(), time.minutes().count(), time.seconds().count());
}

std::string aws_uri_encode(std::string_view text, bool keep_slash) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                                c == '-' || c == '_' || c == '.' || c == '~';
        if (unreserved || (keep_slash && c == '/')) {
            out.push_back(c);
        } else {
            const auto byte = static_cast<unsigned char>(c);
            out.push_back('%');
            out.push_back(kHex[byte >> 4]);
            out.push_back(kHex[byte & 0xF]);
        }
    }
    return out;
}

std::string presigned_query(const PresignInput& input) {
    const auto expires = std::clamp(input.expires, std::chrono::seconds{1}, kMaxExpiry);
    const std::string timestamp = amz_timestamp(input.now);
    const std::string date = timestamp.substr(0, 8);
    const std::string scope = fmt::format("{}/{}/s3/aws4_request", date, input.region);

    // Parameters in byte order of their names, as the canonical query string requires.
    const std::string query = fmt::format(
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={}&X-Amz-Date={}&X-Amz-Expires={}&"
        "X-Amz-SignedHeaders=host",
        aws_uri_encode(fmt::format("{}/{}", input.access_key, scope), false), timestamp, expires.count());
    const std::string canonical_request =
        fmt::format("GET\n{}\n{}\nhost:{}\n\nhost\nUNSIGNED-PAYLOAD", input.path, query, input.host);
    const std::string string_to_sign = fmt::format("AWS4-HMAC-SHA256\n{}\n{}\n{}", timestamp, scope,
                                                   security::sha256_hex(canonical_request));

    std::string key =
        as_string(security::hmac_sha256_raw(std::string("AWS4").append(input.secret_key), date));
    key = as_string(security::hmac_sha256_raw(key, input.region));
    key = as_string(security::hmac_sha256_raw(key, "s3"));
    key = as_string(security::hmac_sha256_raw(key, "aws4_request"));
    return query + "&X-Amz-Signature=" + security::hmac_sha256(key, string_to_sign);
}

}  // namespace bh::storage
