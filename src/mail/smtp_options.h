#pragma once
// SMTP settings, read from the mail.* configuration keys (core/config_keys_mail.cpp).
#include <chrono>
#include <string>

#include "core/config.h"
#include "mail/mail_message.h"

namespace bh::mail {

// STARTTLS on a smtp:// URL: none = plain text; try = upgrade when the server offers it; required =
// fail unless the session is encrypted. (smtps:// is TLS from the first byte whatever this says.)
enum class StartTls { None, Try, Required };

struct SmtpOptions {
    std::string url = "smtp://127.0.0.1:1025";  // smtp://host:port or smtps://host:port
    Mailbox from{"no-reply@budgethub.local", "BudgetHub"};
    std::string username;  // empty = no AUTH
    std::string password;
    StartTls starttls = StartTls::Try;
    bool verify_tls = true;
    std::chrono::milliseconds timeout{30'000};  // the whole exchange, DATA included
    std::chrono::milliseconds connect_timeout{10'000};
};

StartTls parse_starttls(std::string_view text);  // throws std::invalid_argument
// Throws AppError BadRequest when the from address is invalid.
SmtpOptions smtp_options_from(const Config& config);

}  // namespace bh::mail
