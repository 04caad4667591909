#pragma once
// The notification.requested event (kind PASSWORD_RESET, docs/dev/contracts.md) that carries a
// reset link to the notification service.
#include <chrono>
#include <string>

#include "core/uuid.h"
#include "outbox/outbox.h"
#include "services/auth/user.h"

namespace bh::auth {

// "<base>?token=<token>" (or "&token=" when the base already has a query).
std::string reset_url(const std::string& base, const std::string& token);

outbox::Event password_reset_event(const std::string& topic, const Uuid& notification_id, const User& user,
                                   const std::string& url, std::chrono::system_clock::time_point expires_at);

}  // namespace bh::auth
