#pragma once
// A multipart/form-data reader (RFC 7578 over RFC 2046) for file uploads, with limits. Parts are
// views into the request body, so the body must outlive them. Anything malformed is AppError
// BadRequest MALFORMED_MULTIPART; a part larger than max_part_bytes is BadRequest
// MAX_UPLOAD_SIZE_EXCEEDED (the seed's code).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bh::http {

inline constexpr const char* kMalformedMultipart = "MALFORMED_MULTIPART";
inline constexpr const char* kMaxUploadSizeExceeded = "MAX_UPLOAD_SIZE_EXCEEDED";

struct MultipartLimits {
    std::size_t max_parts = 8;
    std::size_t max_part_bytes = 2 << 20;
    std::size_t max_part_header_bytes = 4096;
};

struct MultipartPart {
    std::string name;                     // Content-Disposition name
    std::optional<std::string> filename;  // Content-Disposition filename, when given
    std::string content_type;             // as sent, lower case; "text/plain" when absent (RFC 7578)
    std::string_view body;
};

// The boundary of a "multipart/form-data; boundary=..." Content-Type; nullopt for another type or
// a missing or invalid boundary (1..70 characters).
std::optional<std::string> multipart_boundary(std::string_view content_type);

std::vector<MultipartPart> parse_multipart(std::string_view body, std::string_view boundary,
                                           const MultipartLimits& limits);

// The first part named `name`, or nullptr.
const MultipartPart* find_part(const std::vector<MultipartPart>& parts, std::string_view name);

}  // namespace bh::http
