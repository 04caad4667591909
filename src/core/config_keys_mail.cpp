// Configuration keys of the mail area (see core/config_keys.h): the SMTP server the notification
// service sends through (mail/smtp_options.cpp).
#include "core/config_keys.h"

namespace bh {

namespace {
using T = ConfigType;
constexpr std::int64_t kSecond = 1000;
}  // namespace

std::vector<ConfigKey> mail_config_keys() {
    return {
        {"mail.smtp_url", T::String, "smtp://127.0.0.1:1025",
         "SMTP server: smtp://host:port (STARTTLS per mail.starttls) or smtps://host:port (implicit TLS)"},
        {"mail.from_address", T::String, "no-reply@budgethub.local", "Envelope sender and From address"},
        {"mail.from_name", T::String, "BudgetHub", "Display name of the From header"},
        {"mail.username", T::String, "", "SMTP AUTH user; empty = no authentication"},
        {"mail.password", T::String, "", "SMTP AUTH password", true},
        {"mail.starttls",
         T::String,
         "try",
         "STARTTLS on smtp://: none, try (when offered), required (fail unless encrypted; use in production)",
         false,
         0,
         0,
         {"none", "try", "required"}},
        {"mail.verify_tls", T::Bool, "true", "Verify the SMTP server's TLS certificate and host name"},
        {"mail.timeout", T::DurationMs, "30s", "Deadline of one whole SMTP exchange (connect to QUIT)", false,
         kSecond, kSecond * 10 * 60},
        {"mail.connect_timeout", T::DurationMs, "10s",
         "Deadline of the TCP/TLS connection to the SMTP server", false, 100, 60 * kSecond},
    };
}

}  // namespace bh
