#pragma once
// Builds the RFC 5322 / MIME text of a MailMessage, ready for SMTP DATA:
//
//   multipart/mixed                      (only when there are attachments)
//     multipart/alternative
//       text/plain; charset=UTF-8        quoted-printable
//       text/html; charset=UTF-8         quoted-printable
//     <attachment>                       base64, Content-Disposition: attachment
//
// Every line ends with CRLF and is at most 78 characters (headers folded, bodies encoded), a
// non-ASCII subject or display name is RFC 2047 encoded, and Date, Message-ID and MIME-Version
// are present. Boundaries start with "=_", which neither quoted-printable nor base64 can produce.
#include <string>
#include <string_view>

#include "mail/mail_message.h"

namespace bh::mail {

// Throws AppError BadRequest when an address is invalid or a header value (subject, names,
// filenames, content types, message id) holds a line break: user data never forges a header.
// `boundary_token` makes the boundaries unique (e.g. a random hex string; [0-9A-Za-z] only).
std::string render_mime(const MailMessage& message, std::string_view boundary_token);

// "Ana <ana@example.com>" as a header value, the name quoted or encoded as needed.
std::string format_mailbox(const Mailbox& mailbox, std::size_t used);

}  // namespace bh::mail
