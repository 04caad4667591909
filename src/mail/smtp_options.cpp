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

SmtpOptions smtp_options_from(const Config& config) {
    SmtpOptions options;
    options.url = config.get_string("mail.smtp_url");
    options.from.address = config.get_string("mail.from_address");
    options.from.display_name = config.get_string("mail.from_name");
    options.username = config.get_string("mail.username");
    options.password = config.get_string("mail.password");
    options.starttls = parse_starttls(config.get_string("mail.starttls"));
    options.verify_tls = config.get_bool("mail.verify_tls");
    options.timeout = config.get_duration("mail.timeout");
    options.connect_timeout = config.get_duration("mail.connect_timeout");
    require_valid_address("mail.from_address", options.from.address);
    require_single_line("mail.from_name", options.from.display_name);
    return options;
}

}  // namespace bh::mail
