#include "http/multipart.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace bh::http {
namespace {

std::string part(std::string_view headers, std::string_view body, std::string_view boundary = "XyZ") {
    return "--" + std::string(boundary) + "\r\n" + std::string(headers) + "\r\n\r\n" + std::string(body) +
           "\r\n";
}
std::string close(std::string_view boundary = "XyZ") {
    return "--" + std::string(boundary) + "--\r\n";
}
const char* kFileHeaders =
    "Content-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf";

std::string code_of(std::string_view body, MultipartLimits limits = {}) {
    try {
        parse_multipart(body, "XyZ", limits);
    } catch (const AppError& error) {
        EXPECT_EQ(error.kind(), ErrorKind::BadRequest);
        return error.code();
    }
    return "accepted";
}

TEST(MultipartBoundary, FromContentType) {
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=abc"), "abc");
    EXPECT_EQ(multipart_boundary("Multipart/Form-Data;boundary=\"a b:c\""), "a b:c");
    EXPECT_EQ(multipart_boundary("multipart/form-data; charset=utf-8; boundary=----WebKit123"),
              "----WebKit123");
    EXPECT_FALSE(multipart_boundary("application/json"));
    EXPECT_FALSE(multipart_boundary("multipart/mixed; boundary=abc"));
    EXPECT_FALSE(multipart_boundary("multipart/form-data"));
    EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary="));
    EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'a')));
    EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=\"abc\x01\""));
}

TEST(Multipart, OneFilePart) {
    const std::string binary("%PDF-\0\r\n--Xy\r\nend", 17);
    const std::string body = part(kFileHeaders, binary) + close();
    const auto parts = parse_multipart(body, "XyZ", {});
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].name, "file");
    EXPECT_EQ(parts[0].filename, "a.pdf");
    EXPECT_EQ(parts[0].content_type, "application/pdf");
    EXPECT_EQ(parts[0].body, binary);  // a near-boundary and a NUL inside stay data
}

TEST(Multipart, SeveralPartsPreambleEpilogueAndPadding) {
    const std::string body = "preamble text\r\n" +
                             part("Content-Disposition: form-data; name=note", "hello") + "--XyZ  \r\n" +
                             std::string(kFileHeaders) + "\r\n\r\nPDF\r\n" + close() + "epilogue";
    const auto parts = parse_multipart(body, "XyZ", {});
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].name, "note");
    EXPECT_FALSE(parts[0].filename.has_value());
    EXPECT_EQ(parts[0].content_type, "text/plain");
    EXPECT_EQ(parts[0].body, "hello");
    EXPECT_EQ(find_part(parts, "file")->body, "PDF");
    EXPECT_EQ(find_part(parts, "missing"), nullptr);
}

TEST(Multipart, EmptyBodyAndEscapedFilename) {
    const std::string body =
        part("content-disposition: form-data; name=\"file\"; filename=\"a \\\"q\\\".pdf\"", "") + close();
    const auto parts = parse_multipart(body, "XyZ", {});
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].filename, "a \"q\".pdf");
    EXPECT_TRUE(parts[0].body.empty());
}

TEST(Multipart, NoPartsIsAnEmptyList) {
    EXPECT_TRUE(parse_multipart(close(), "XyZ", {}).empty());
}

TEST(Multipart, MalformedBodiesAreRejected) {
    EXPECT_EQ(code_of(""), kMalformedMultipart);
    EXPECT_EQ(code_of("no boundary here"), kMalformedMultipart);
    EXPECT_EQ(code_of("--XyZ\r\n" + std::string(kFileHeaders) + "\r\n\r\ndata"),
              kMalformedMultipart);                                                // unclosed
    EXPECT_EQ(code_of("--XyZ" + std::string(kFileHeaders)), kMalformedMultipart);  // no CRLF after boundary
    EXPECT_EQ(code_of("--XyZ\r\n" + std::string(kFileHeaders) + "\r\ndata\r\n--XyZ--"),
              kMalformedMultipart);  // headers never end
    EXPECT_EQ(code_of(part("Content-Type: application/pdf", "x") + close()), kMalformedMultipart);  // no name
    EXPECT_EQ(code_of(part("Content-Disposition: attachment; name=\"file\"", "x") + close()),
              kMalformedMultipart);
    EXPECT_EQ(code_of(part("Content-Disposition: form-data; name=\"file", "x") + close()),
              kMalformedMultipart);
    EXPECT_EQ(code_of(part("no colon line", "x") + close()), kMalformedMultipart);
    EXPECT_EQ(code_of(part("", "x") + close()), kMalformedMultipart);  // no headers at all
}

TEST(Multipart, LimitsHold) {
    const std::string body = part(kFileHeaders, std::string(100, 'a')) + close();
    EXPECT_EQ(code_of(body, {.max_part_bytes = 100}), "accepted");
    EXPECT_EQ(code_of(body, {.max_part_bytes = 99}), kMaxUploadSizeExceeded);
    std::string many;
    for (int i = 0; i < 3; ++i) many += part("Content-Disposition: form-data; name=\"p\"", "v");
    EXPECT_EQ(code_of(many + close(), {.max_parts = 3}), "accepted");
    EXPECT_EQ(code_of(many + close(), {.max_parts = 2}), kMalformedMultipart);
    const std::string long_header = "Content-Disposition: form-data; name=\"" + std::string(5000, 'n') + "\"";
    EXPECT_EQ(code_of(part(long_header, "v") + close(), {.max_part_header_bytes = 4096}),
              kMalformedMultipart);
}

}  // namespace
}  // namespace bh::http
