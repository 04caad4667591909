#pragma once
// Where a finished e-mail goes. The notification service depends on this interface only; the SMTP
// implementation is smtp_sender.h.
#include <boost/asio/awaitable.hpp>

#include "mail/mail_message.h"

namespace bh::mail {

inline constexpr const char* kFailedToSendEmail = "FAILED_TO_SEND_EMAIL";

class MailSender {
  public:
    virtual ~MailSender() = default;
    // Completes when the server accepted the message for delivery. Throws AppError: Timeout when the
    // deadline passed, Unavailable when the server could not be reached or refused (the detail holds
    // the server's answer), BadRequest when the message itself is invalid (never worth a retry).
    virtual boost::asio::awaitable<void> send(MailMessage message) = 0;
    // The sender's own mailbox (the From of every message).
    virtual const Mailbox& from() const = 0;
};

}  // namespace bh::mail
