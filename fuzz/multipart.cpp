// Fuzz target: multipart/form-data uploads (http::multipart_boundary, http::parse_multipart): invoice
// receipts uploaded by clients. Input: the Content-Type header, a separator line, the body.
// Asserts:
//  - anything refused is AppError BadRequest MALFORMED_MULTIPART or MAX_UPLOAD_SIZE_EXCEEDED;
//  - an accepted boundary is 1..70 RFC 2046 characters, not ending in a space;
//  - accepted parts respect the limits (count, bytes), each has a name, a lower-case content type,
//    and its body is a view inside the request body that does not contain the delimiter;
//  - the body is also parsed with a boundary taken from the input whatever the Content-Type says.
#include "http/multipart.h"

#include <algorithm>
#include <cctype>

#include "core/error.h"
#include "fuzz_check.h"

namespace {

void parse_and_check(std::string_view body, std::string_view boundary) {
    bh::http::MultipartLimits limits;
    limits.max_parts = 4;
    limits.max_part_bytes = 4096;
    limits.max_part_header_bytes = 512;
    std::vector<bh::http::MultipartPart> parts;
    try {
        parts = bh::http::parse_multipart(body, boundary, limits);
    } catch (const bh::AppError& e) {
        FUZZ_CHECK(e.kind() == bh::ErrorKind::BadRequest);
        FUZZ_CHECK(e.code() == bh::http::kMalformedMultipart || e.code() == bh::http::kMaxUploadSizeExceeded);
        return;
    }
    FUZZ_CHECK(parts.size() <= limits.max_parts);
    const std::string delimiter = "\r\n--" + std::string(boundary);
    for (const auto& part : parts) {
        FUZZ_CHECK(!part.name.empty());
        FUZZ_CHECK(part.body.size() <= limits.max_part_bytes);
        FUZZ_CHECK(part.body.data() >= body.data() &&
                   part.body.data() + part.body.size() <= body.data() + body.size());
        FUZZ_CHECK(part.body.find(delimiter) == std::string_view::npos);
        FUZZ_CHECK(std::none_of(part.content_type.begin(), part.content_type.end(),
                                [](unsigned char c) { return std::isupper(c) != 0; }));
        FUZZ_CHECK(bh::http::find_part(parts, part.name) != nullptr);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = bh::fuzz::fields(bh::fuzz::as_text(data, size), 2);
    const std::string_view content_type = input[0];
    const std::string_view body = input[1];
    std::optional<std::string> boundary;
    try {
        boundary = bh::http::multipart_boundary(content_type);
    } catch (const bh::AppError& e) {
        FUZZ_CHECK(e.kind() == bh::ErrorKind::BadRequest && e.code() == bh::http::kMalformedMultipart);
    }
    if (boundary) {
        FUZZ_CHECK(!boundary->empty() && boundary->size() <= 70 && boundary->back() != ' ');
        parse_and_check(body, *boundary);
    }
    // The boundary as the body's first line says, so the body parser is reached without a header.
    if (body.starts_with("--")) {
        const auto end = body.find("\r\n");
        const auto line = body.substr(2, end == std::string_view::npos ? std::string_view::npos : end - 2);
        if (!line.empty() && line.size() <= 70) parse_and_check(body, line);
    }
    return 0;
}
