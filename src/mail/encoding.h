#pragma once
// The transfer encodings a MIME message needs, each producing CRLF line endings and lines of at
// most 76 characters (RFC 2045), so no SMTP server ever has to rewrap or reject a line.
#include <chrono>
#include <string>
#include <string_view>

namespace bh::mail {

// Base64 in lines of 76 characters, each ended by CRLF (attachments).
std::string base64_lines(std::string_view bytes);
// Quoted-printable (RFC 2045 §6.7): line breaks of any style become CRLF, soft breaks keep lines at
// most 76 characters, trailing white space and '=' are escaped, a leading '.' is escaped too (so
// no line can read as the SMTP end of data, whatever the client does).
std::string quoted_printable(std::string_view text);
// A header value (subject, display name) as it may appear after "Name: ": unchanged when it is
// short printable ASCII, else RFC 2047 "=?UTF-8?B?...?=" words of at most 75 characters, split on
// UTF-8 character boundaries, joined by CRLF SP (folded). `used` is the length already on the
// line ("Subject: " = 9).
std::string encode_header_text(std::string_view value, std::size_t used);
// A filename parameter: filename="report.xlsx" for plain ASCII, else the RFC 2231 form
// filename*=UTF-8''%E2%82%AC.xlsx.
std::string filename_parameter(std::string_view filename);
// RFC 5322 date: "Tue, 24 Nov 2026 15:51:21 +0000".
std::string rfc5322_date(std::chrono::system_clock::time_point at);

}  // namespace bh::mail
