#pragma once
// An e-mail as the application describes it: addresses, subject, a plain-text and an HTML body, and
// attachments. Nothing here knows about MIME or SMTP (see mime.h and smtp_sender.h).
#include <chrono>
#include <string>
#include <vector>

namespace bh::mail {

struct Mailbox {
    std::string address;       // "ana@example.com"
    std::string display_name;  // "Ana" (may be non-ASCII); empty = none
};

struct Attachment {
    std::string filename;  // as the recipient sees it
    std::string content_type;
    std::string bytes;
};

struct MailMessage {
    Mailbox from;
    Mailbox to;
    std::string subject;  // UTF-8
    std::string text;     // UTF-8 plain-text body
    std::string html;     // UTF-8 HTML body
    std::vector<Attachment> attachments;
    std::chrono::system_clock::time_point date;
    // Without the angle brackets: "<id>@<domain>". Stable across retries of one notification, so
    // a client can recognise the duplicate of an at-least-once delivery.
    std::string message_id;
};

}  // namespace bh::mail
