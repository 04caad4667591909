#include "mail/mime.h"

#include <algorithm>

#include "core/error.h"
#include "mail/encoding.h"
#include "mail/header_safety.h"

namespace bh::mail {

namespace {

bool is_token_text(std::string_view value) {
    return !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    });
}

// "type/subtype" with RFC 2045 token characters only (no parameters: we add those).
bool is_content_type(std::string_view value) {
    const auto slash = value.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 == value.size() || value.size() > 127) {
        return false;
    }
    return std::all_of(value.begin(), value.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               std::string_view("!#$&-^_.+/").find(c) != std::string_view::npos;
    });
}

void validate(const MailMessage& message) {
    require_valid_address("from", message.from.address);
    require_valid_address("to", message.to.address);
    require_single_line("fromName", message.from.display_name);
    require_single_line("recipientName", message.to.display_name);
    require_single_line("subject", message.subject);
    require_single_line("messageId", message.message_id);
    if (!message.message_id.empty() && (message.message_id.find_first_of("<> ") != std::string::npos ||
                                        message.message_id.find('@') == std::string::npos)) {
        throw bad_request("messageId must look like id@domain", "INVALID_MAIL_HEADER");
    }
    for (const auto& attachment : message.attachments) {
        require_single_line("attachments.filename", attachment.filename);
        if (attachment.filename.empty()) throw bad_request("attachments.filename must not be empty");
        if (!is_content_type(attachment.content_type)) {
            throw bad_request("attachments.contentType must be a type/subtype", "INVALID_MAIL_HEADER")
                .with_fields({{"attachments.contentType", "must be a type/subtype"}});
        }
    }
}

void text_part(std::string& out, std::string_view subtype, std::string_view body) {
    out += "Content-Type: text/";
    out += subtype;
    out += "; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n";
    out += quoted_printable(body);
    if (!out.ends_with("\r\n")) out += "\r\n";
}

void alternative(std::string& out, const MailMessage& message, const std::string& boundary) {
    out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
    out += "--" + boundary + "\r\n";
    text_part(out, "plain", message.text);
    out += "--" + boundary + "\r\n";
    text_part(out, "html", message.html);
    out += "--" + boundary + "--\r\n";
}

}  // namespace

std::string format_mailbox(const Mailbox& mailbox, std::size_t used) {
    std::string angle = "<" + mailbox.address + ">";
    if (mailbox.display_name.empty()) return angle;
    const bool plain_word = std::all_of(mailbox.display_name.begin(), mailbox.display_name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' ||
               c == '-' || c == '.' || c == '\'';
    });
    if (plain_word && used + mailbox.display_name.size() + angle.size() + 3 <= 78) {
        return "\"" + mailbox.display_name + "\" " + angle;
    }
    // Encoded words may not be quoted; the address goes on its own folded line when needed.
    return encode_header_text(mailbox.display_name, used + 200) + "\r\n " + angle;
}

std::string render_mime(const MailMessage& message, std::string_view boundary_token) {
    if (!is_token_text(boundary_token)) throw internal("MIME boundary token must be alphanumeric");
    validate(message);
    const std::string token(boundary_token);
    const std::string mixed = "=_bh_mixed_" + token;
    const std::string alt = "=_bh_alt_" + token;

    std::string out;
    out.reserve(message.text.size() + message.html.size() * 11 / 10 + 2048);
    out += "Date: " + rfc5322_date(message.date) + "\r\n";
    out += "From: " + format_mailbox(message.from, 6) + "\r\n";
    out += "To: " + format_mailbox(message.to, 4) + "\r\n";
    if (!message.message_id.empty()) out += "Message-ID: <" + message.message_id + ">\r\n";
    out += "Subject: " + encode_header_text(message.subject, 9) + "\r\n";
    out += "MIME-Version: 1.0\r\n";
    if (message.attachments.empty()) {
        alternative(out, message, alt);
        return out;
    }
    out += "Content-Type: multipart/mixed; boundary=\"" + mixed + "\"\r\n\r\n";
    out += "This is a multi-part message in MIME format.\r\n";
    out += "--" + mixed + "\r\n";
    alternative(out, message, alt);
    for (const auto& attachment : message.attachments) {
        out += "--" + mixed + "\r\n";
        out += "Content-Type: " + attachment.content_type + "\r\n";
        out += "Content-Transfer-Encoding: base64\r\n";
        out += "Content-Disposition: attachment;\r\n " + filename_parameter(attachment.filename) + "\r\n\r\n";
        out += base64_lines(attachment.bytes);
    }
    out += "--" + mixed + "--\r\n";
    return out;
}

}  // namespace bh::mail
