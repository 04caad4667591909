#pragma once
// Sends e-mails over SMTP with libcurl (STARTTLS and AUTH as configured). curl blocks, so every send
// runs on the blocking pool it is given, bounded by CURLOPT_TIMEOUT; an I/O thread never waits.
// SMTP is at-least-once by nature: a connection lost after the server accepted DATA but before its
// answer arrived reads as a failure here although the mail may be delivered.
#include <boost/asio/thread_pool.hpp>

#include "mail/mail_sender.h"
#include "mail/smtp_options.h"

namespace bh::mail {

class SmtpSender final : public MailSender {
  public:
    SmtpSender(SmtpOptions options, boost::asio::thread_pool& blocking);

    boost::asio::awaitable<void> send(MailMessage message) override;
    const Mailbox& from() const override { return options_.from; }

  private:
    SmtpOptions options_;
    boost::asio::thread_pool& blocking_;
};

}  // namespace bh::mail
