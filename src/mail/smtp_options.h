#pragma once
// SMTP settings: the mail.* keys, declared in smtp_options.cpp, and the options they become.
#include <chrono>
#include <string>

#include "core/settings.h"
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

struct MailSettings {
    std::string smtp_url;
    std::string from_address;
    std::string from_name;
    std::string username;
    std::string password;
    std::string starttls;  // none | try | required
    bool verify_tls = true;
    std::chrono::milliseconds timeout{};
    std::chrono::milliseconds connect_timeout{};
};

const settings::Declaration<MailSettings>& mail_settings();

// Throws AppError BadRequest when the from address is invalid.
SmtpOptions smtp_options(const MailSettings& settings);

}  // namespace bh::mail
