// MIME building, transfer encodings and header safety (no servers).
#include "mail/mime.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>

#include "core/error.h"
#include "mail/encoding.h"
#include "mail/header_safety.h"

namespace bh::mail {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string> crlf_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find("\r\n", start);
        if (end == std::string::npos) {
            lines.push_back(text.substr(start));
            break;
        }
        lines.push_back(text.substr(start, end - start));
        start = end + 2;
    }
    return lines;
}

// Every line ends with CRLF (no bare CR or LF) and is at most 78 characters.
void expect_wire_safe(const std::string& text) {
    ASSERT_TRUE(text.ends_with("\r\n"));
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n') {
            ASSERT_TRUE(i > 0 && text[i - 1] == '\r') << "bare LF at " << i;
        }
        if (text[i] == '\r') {
            ASSERT_TRUE(i + 1 < text.size() && text[i + 1] == '\n') << "bare CR at " << i;
        }
    }
    for (const auto& line : crlf_lines(text)) EXPECT_LE(line.size(), 78u) << line;
}

std::string decode_qp(const std::string& encoded) {
    std::string out;
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        if (encoded[i] == '=' && i + 2 < encoded.size() && encoded[i + 1] == '\r' && encoded[i + 2] == '\n') {
            i += 2;
        } else if (encoded[i] == '=') {
            out += static_cast<char>(std::stoi(encoded.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += encoded[i];
        }
    }
    return out;
}

MailMessage sample() {
    MailMessage message;
    message.from = {"no-reply@budgethub.local", "BudgetHub"};
    message.to = {"ana@example.com", "Ana"};
    message.subject = "Password reset";
    message.text = "Hello Ana,\nclick the link.\n";
    message.html = "<p>Hello Ana</p>";
    message.date = std::chrono::sys_days{std::chrono::year{2026} / 11 / 24} + std::chrono::hours{15} +
                   std::chrono::minutes{51} + std::chrono::seconds{21};
    message.message_id = "0190c3b2-0000-7000-8000-000000000001@budgethub.local";
    return message;
}

TEST(Encoding, Base64LinesAreWrappedAt76WithCrlf) {
    EXPECT_EQ(base64_lines(""), "");
    EXPECT_EQ(base64_lines("f"), "Zg==\r\n");
    EXPECT_EQ(base64_lines("fo"), "Zm8=\r\n");
    EXPECT_EQ(base64_lines("foo"), "Zm9v\r\n");
    const std::string encoded = base64_lines(std::string(100, '\xff'));
    const auto lines = crlf_lines(encoded);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].size(), 76u);
    EXPECT_EQ(lines[1], std::string(57, '/') + "w==");  // 100 bytes = 136 characters
}

TEST(Encoding, QuotedPrintableRoundTripsAndKeepsLinesShort) {
    const std::string text =
        "caf\xc3\xa9 = 100%\r\nline two \n" + std::string(200, 'x') + "\n.dot\ntrailing \n";
    const std::string encoded = quoted_printable(text);
    expect_wire_safe(encoded + "\r\n");
    EXPECT_THAT(encoded, HasSubstr("caf=C3=A9 =3D 100%"));
    EXPECT_THAT(encoded, HasSubstr("\r\n=2Edot"));  // no line may start with a bare '.'
    EXPECT_THAT(encoded, HasSubstr("trailing=20\r\n"));
    std::string normalized = text;
    // Expected decoding: every line break is CRLF.
    std::string expected;
    for (std::size_t i = 0; i < normalized.size(); ++i) {
        if (normalized[i] == '\r' && normalized[i + 1] == '\n') continue;
        if (normalized[i] == '\n') {
            expected += "\r\n";
        } else {
            expected += normalized[i];
        }
    }
    EXPECT_EQ(decode_qp(encoded), expected);
}

TEST(Encoding, HeaderTextIsPlainWhenShortAsciiElseEncodedWords) {
    EXPECT_EQ(encode_header_text("Movements Report", 9), "Movements Report");
    const std::string encoded = encode_header_text(
        "Restablecer contrase\xc3\xb1"
        "a",
        9);
    EXPECT_EQ(encoded, "=?UTF-8?B?UmVzdGFibGVjZXIgY29udHJhc2XDsWE=?=");
    // "=?" in plain text would be read as an encoded word: it gets encoded.
    EXPECT_THAT(encode_header_text("a =?b?= c", 9), HasSubstr("=?UTF-8?B?"));
    // Long text: several words, folded, each at most 75 characters, never splitting a character.
    std::string euros;
    for (int i = 0; i < 40; ++i) euros += "\xe2\x82\xac";  // 3 bytes each
    const auto lines = crlf_lines(encode_header_text(euros, 9) + "\r\n");
    ASSERT_GT(lines.size(), 1u);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string word = lines[i];
        if (i > 0) {
            ASSERT_EQ(word.front(), ' ');
            word.erase(0, 1);
        }
        EXPECT_LE(word.size(), 75u);
        EXPECT_TRUE(word.starts_with("=?UTF-8?B?") && word.ends_with("?="));
    }
}

TEST(Encoding, FilenameParameterUsesRfc2231ForNonAscii) {
    EXPECT_EQ(filename_parameter("report.xlsx"), "filename=\"report.xlsx\"");
    EXPECT_EQ(filename_parameter("informe \xe2\x82\xac.xlsx"), "filename*=UTF-8''informe%20%E2%82%AC.xlsx");
    EXPECT_EQ(filename_parameter("a\"b.txt"), "filename*=UTF-8''a%22b.txt");
}

TEST(Encoding, Rfc5322Date) {
    EXPECT_EQ(rfc5322_date(sample().date), "Tue, 24 Nov 2026 15:51:21 +0000");
}

TEST(HeaderSafety, Addresses) {
    EXPECT_TRUE(is_valid_address("ana@example.com"));
    EXPECT_TRUE(is_valid_address("ana.maria+tag@mail.example.co"));
    EXPECT_FALSE(is_valid_address("ana@example.com\r\nBcc: x@evil.com"));
    EXPECT_FALSE(is_valid_address("ana@example.com, bob@example.com"));
    EXPECT_FALSE(is_valid_address("<ana@example.com>"));
    EXPECT_FALSE(is_valid_address("ana"));
    EXPECT_FALSE(is_valid_address("ana@@example.com"));
    EXPECT_FALSE(is_valid_address("ana@-example.com"));
    EXPECT_FALSE(is_valid_address("ana..b@example.com"));
    EXPECT_FALSE(is_valid_address("an a@example.com"));
    EXPECT_FALSE(is_valid_address(std::string(250, 'a') + "@example.com"));
    EXPECT_TRUE(is_single_line("plain"));
    EXPECT_FALSE(is_single_line("a\rb"));
    EXPECT_FALSE(is_single_line("a\nb"));
    EXPECT_FALSE(is_single_line(std::string("a\0b", 3)));
}

TEST(Mime, AlternativeWithoutAttachments) {
    const std::string mime = render_mime(sample(), "abc123");
    expect_wire_safe(mime);
    EXPECT_TRUE(mime.starts_with("Date: Tue, 24 Nov 2026 15:51:21 +0000\r\n"));
    EXPECT_THAT(mime, HasSubstr("\r\nFrom: \"BudgetHub\" <no-reply@budgethub.local>\r\n"));
    EXPECT_THAT(mime, HasSubstr("\r\nTo: \"Ana\" <ana@example.com>\r\n"));
    EXPECT_THAT(mime,
                HasSubstr("\r\nMessage-ID: <0190c3b2-0000-7000-8000-000000000001@budgethub.local>\r\n"));
    EXPECT_THAT(mime, HasSubstr("\r\nSubject: Password reset\r\n"));
    EXPECT_THAT(mime, HasSubstr("\r\nMIME-Version: 1.0\r\n"));
    EXPECT_THAT(mime, HasSubstr("Content-Type: multipart/alternative; boundary=\"=_bh_alt_abc123\"\r\n\r\n"
                                "--=_bh_alt_abc123\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                                "Content-Transfer-Encoding: quoted-printable\r\n\r\nHello Ana,\r\n"));
    EXPECT_THAT(mime, HasSubstr("--=_bh_alt_abc123\r\nContent-Type: text/html; charset=UTF-8\r\n"));
    EXPECT_TRUE(mime.ends_with("--=_bh_alt_abc123--\r\n"));
    EXPECT_THAT(mime, Not(HasSubstr("multipart/mixed")));
}

TEST(Mime, MixedWithBase64Attachments) {
    auto message = sample();
    message.attachments.push_back({"movements.xlsx", "application/vnd.ms-excel", std::string(300, '\x01')});
    message.attachments.push_back({"r\xc3\xa9sum\xc3\xa9.pdf", "application/pdf", "%PDF"});
    const std::string mime = render_mime(message, "XyZ9");
    expect_wire_safe(mime);
    EXPECT_THAT(mime, HasSubstr("Content-Type: multipart/mixed; boundary=\"=_bh_mixed_XyZ9\"\r\n"));
    // The alternative part sits inside the mixed one, before the attachments.
    const auto mixed_first = mime.find("--=_bh_mixed_XyZ9\r\nContent-Type: multipart/alternative");
    const auto first_attachment = mime.find("Content-Disposition: attachment");
    ASSERT_NE(mixed_first, std::string::npos);
    ASSERT_NE(first_attachment, std::string::npos);
    EXPECT_LT(mixed_first, first_attachment);
    EXPECT_THAT(mime,
                HasSubstr("Content-Type: application/vnd.ms-excel\r\nContent-Transfer-Encoding: base64\r\n"
                          "Content-Disposition: attachment;\r\n filename=\"movements.xlsx\"\r\n\r\nAQEB"));
    EXPECT_THAT(mime, HasSubstr("filename*=UTF-8''r%C3%A9sum%C3%A9.pdf\r\n\r\nJVBERg==\r\n"));
    EXPECT_TRUE(mime.ends_with("--=_bh_mixed_XyZ9--\r\n"));
}

TEST(Mime, NonAsciiSubjectAndNameAreEncoded) {
    auto message = sample();
    message.subject = "Informe de movimientos \xe2\x80\x94 noviembre";
    message.to.display_name = "Jos\xc3\xa9 \"Pepe\"";
    const std::string mime = render_mime(message, "b1");
    expect_wire_safe(mime);
    EXPECT_THAT(mime, HasSubstr("Subject: =?UTF-8?B?"));
    EXPECT_THAT(mime, HasSubstr("To: =?UTF-8?B?Sm9zw6kgIlBlcGUi?=\r\n <ana@example.com>\r\n"));
}

TEST(Mime, RefusesHeaderInjection) {
    auto subject = sample();
    subject.subject = "Hi\r\nBcc: victim@example.com";
    EXPECT_THROW(render_mime(subject, "b"), AppError);
    auto name = sample();
    name.to.display_name = "Ana\nBcc: victim@example.com";
    EXPECT_THROW(render_mime(name, "b"), AppError);
    auto address = sample();
    address.to.address = "ana@example.com\r\nBcc: victim@example.com";
    EXPECT_THROW(render_mime(address, "b"), AppError);
    auto file = sample();
    file.attachments.push_back({"a\r\nX: y", "text/plain", "x"});
    EXPECT_THROW(render_mime(file, "b"), AppError);
    auto type = sample();
    type.attachments.push_back({"a.txt", "text/plain\r\nX: y", "x"});
    EXPECT_THROW(render_mime(type, "b"), AppError);
    try {
        render_mime(subject, "b");
    } catch (const AppError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadRequest);
        EXPECT_EQ(e.code(), "INVALID_MAIL_HEADER");
    }
}

TEST(Mime, BodyLinesNeverExceedTheLimitAndBoundaryCannotAppearInBodies) {
    auto message = sample();
    message.html = std::string(5000, 'h') + "--=_bh_alt_q";
    message.text = "--=_bh_alt_q\n";
    const std::string mime = render_mime(message, "q");
    expect_wire_safe(mime);
    // The body's copy of the boundary is escaped ('=' → =3D), so it cannot end a part.
    EXPECT_THAT(mime, HasSubstr("--=3D_bh_alt_q"));
}

}  // namespace
}  // namespace bh::mail
