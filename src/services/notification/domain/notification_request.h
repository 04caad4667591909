#pragma once
// The payload of a `notification.requested` event (version 1, docs/dev/contracts.md), validated.
// Every problem is reported at once as an AppError BadRequest naming each field, which the Kafka
// consumer dead-letters without retrying (a malformed event never becomes valid by waiting).
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/uuid.h"
#include "services/notification/domain/notification_types.h"

namespace bh::notification {

struct AttachmentRef {
    std::string filename;
    std::string content_type;
    std::string storage_key;
    std::int64_t size_bytes = 0;
};

struct NotificationRequest {
    Uuid id;  // the producer's notificationId: the idempotency key
    Kind kind = Kind::PasswordReset;
    std::string to;
    std::string recipient_name;
    // The kind's `data`, every value as text (numbers are written in their JSON form).
    std::map<std::string, std::string, std::less<>> data;
    std::vector<AttachmentRef> attachments;

    const std::string& value(std::string_view key) const;  // "" when absent
};

inline constexpr std::size_t kMaxAttachments = 10;

// `payload` is the event's JSON text. Throws AppError BadRequest (VALIDATION_ERROR) with one
// FieldError per problem.
NotificationRequest parse_notification_request(std::string_view payload);

}  // namespace bh::notification
