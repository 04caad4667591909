#pragma once
// The events of password recovery: auth.recovery-requested (the durable record of an answered
// request, consumed by auth itself) and notification.requested (kind PASSWORD_RESET,
// docs/dev/contracts.md), which carries the reset link to the notification service.
#include <chrono>
#include <string>

#include "bus/message.h"
#include "core/uuid.h"
#include "outbox/outbox.h"
#include "services/auth/domain/user.h"

namespace bh::auth {

// "<base>?token=<token>" (or "&token=" when the base already has a query).
std::string reset_url(const std::string& base, const std::string& token);

// A recovery request for `email`, to auth itself (keyed by the e-mail: one address's requests in
// order). recovery_email() reads it back; a malformed one throws AppError BadRequest.
outbox::Event recovery_requested_event(const std::string& topic, const std::string& email);
std::string recovery_email(const bus::Message& message);

outbox::Event password_reset_event(const std::string& topic, const Uuid& notification_id, const User& user,
                                   const std::string& url, std::chrono::system_clock::time_point expires_at);

}  // namespace bh::auth
