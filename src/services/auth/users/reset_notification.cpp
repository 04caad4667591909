#include "services/auth/users/reset_notification.h"

#include <boost/json/parse.hpp>
#include <ctime>

#include "core/error.h"
#include "core/json_text.h"

namespace bh::auth {

namespace {

std::string rfc3339(std::chrono::system_clock::time_point at) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(at);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

}  // namespace

std::string reset_url(const std::string& base, const std::string& token) {
    return base + (base.find('?') == std::string::npos ? "?token=" : "&token=") + token;
}

outbox::Event recovery_requested_event(const std::string& topic, const std::string& email) {
    const boost::json::object payload{{"version", 1}, {"email", email}};
    return outbox::Event{topic, email, "auth.recovery.requested", json_text(payload)};
}

std::string recovery_email(const bus::Message& message) {
    boost::system::error_code ec;
    const auto value = boost::json::parse(message.payload, ec);
    const auto* object = ec ? nullptr : value.if_object();
    const auto* email = object ? object->if_contains("email") : nullptr;
    if (email == nullptr || !email->is_string() || email->get_string().empty()) {
        throw bad_request("auth.recovery.requested without an e-mail");
    }
    return std::string(email->get_string());
}

outbox::Event password_reset_event(const std::string& topic, const Uuid& notification_id, const User& user,
                                   const std::string& url, std::chrono::system_clock::time_point expires_at) {
    boost::json::object payload{
        {"version", 1},
        {"notificationId", notification_id.to_string()},
        {"kind", "PASSWORD_RESET"},
        {"to", user.profile.email},
        {"recipientName", user.profile.first_name},
        {"data", boost::json::object{{"resetUrl", url}, {"expiresAt", rfc3339(expires_at)}}},
    };
    return outbox::Event{topic, notification_id.to_string(), "notification.requested", json_text(payload)};
}

}  // namespace bh::auth
