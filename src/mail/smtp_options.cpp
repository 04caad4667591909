#include "mail/smtp_options.h"

#include <stdexcept>

#include "mail/header_safety.h"

namespace bh::mail {

StartTls parse_starttls(std::string_view text) {
    if (text == "none") return StartTls::None;
    if (text == "try") return StartTls::Try;
    if (text == "required") return StartTls::Required;
    throw std::invalid_argument("starttls must be none, try or required");
}

const settings::Declaration<MailSettings>& mail_settings() {
    using S = MailSettings;
    using namespace std::chrono_literals;
    static const auto declaration =
        settings::Declaration<S>()
            .text(&S::smtp_url, "mail.smtp_url", "smtp://127.0.0.1:1025",
                  "SMTP server: smtp://host:port (STARTTLS per mail.starttls) or smtps://host:port (implicit "
                  "TLS)")
            .text(&S::from_address, "mail.from_address", "no-reply@budgethub.local",
                  "Envelope sender and From address")
            .text(&S::from_name, "mail.from_name", "BudgetHub", "Display name of the From header")
            .text(&S::username, "mail.username", "", "SMTP AUTH user; empty = no authentication")
            .text(&S::password, "mail.password", "", "SMTP AUTH password", {.secret = true})
            .text(&S::starttls, "mail.starttls", "try",
                  "STARTTLS on smtp://: none, try (when offered), required (fail unless encrypted; use in "
                  "production)",
                  {.choices = {"none", "try", "required"}})
            .flag(&S::verify_tls, "mail.verify_tls", true,
                  "Verify the SMTP server's TLS certificate and host name")
            .duration(&S::timeout, "mail.timeout", "30s",
                      "Deadline of one whole SMTP exchange (connect to QUIT)", {.min = 1s, .max = 10min})
            .duration(&S::connect_timeout, "mail.connect_timeout", "10s",
                      "Deadline of the TCP/TLS connection to the SMTP server", {.min = 100ms, .max = 60s});
    return declaration;
}

SmtpOptions smtp_options(const MailSettings& settings) {
    SmtpOptions options;
    options.url = settings.smtp_url;
    options.from.address = settings.from_address;
    options.from.display_name = settings.from_name;
    options.username = settings.username;
    options.password = settings.password;
    options.starttls = parse_starttls(settings.starttls);
    options.verify_tls = settings.verify_tls;
    options.timeout = settings.timeout;
    options.connect_timeout = settings.connect_timeout;
    require_valid_address("mail.from_address", options.from.address);
    require_single_line("mail.from_name", options.from.display_name);
    return options;
}

}  // namespace bh::mail
