#pragma once
// The notifications table (migrations/0002_notifications.sql): insert once per notificationId,
// claim due rows under a lease (FOR UPDATE SKIP LOCKED: two instances never claim one row), record
// the outcome, list for the admin.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/paging.h"
#include "core/uuid.h"
#include "db/listing.h"
#include "db/pool.h"
#include "db/transaction.h"
#include "services/notification/domain/notification_request.h"
#include "services/notification/domain/notification_types.h"

namespace bh::notification {

// What is stored of one e-mail and read back to send it.
struct NotificationMail {
    Uuid id;
    Kind kind = Kind::PasswordReset;
    std::string recipient;
    std::string recipient_name;
    std::string subject;
    std::string body_text;
    std::string body_html;
    std::vector<AttachmentRef> attachments;
};

struct NewNotification : NotificationMail {
    std::optional<Uuid> source_event_id;
};

// A row this instance holds the lease of, with what it takes to send it.
struct ClaimedNotification : NotificationMail {
    int attempts = 0;  // including the one this claim starts
};

struct NotificationSummary {
    Uuid id;
    Kind kind = Kind::PasswordReset;
    std::string recipient;
    std::string subject;
    Status status = Status::Pending;
    int attempts = 0;
    std::optional<std::string> last_error;
    std::optional<std::chrono::system_clock::time_point> next_attempt_at;
    std::chrono::system_clock::time_point created_at;
    std::optional<std::chrono::system_clock::time_point> sent_at;
    std::chrono::system_clock::time_point updated_at;
    int attachment_count = 0;
};

using SummaryPage = Page<NotificationSummary>;

struct ListQuery {
    std::optional<Status> status;
    PageRequest page;
};

// GET /notification/all: newest first by default.
const db::Listing& notification_listing();

// False when a notification with this id exists already (a re-sent event): nothing is changed.
boost::asio::awaitable<bool> insert_notification(db::Transaction& tx, const NewNotification& notification);

// Claims up to `limit` rows that are due (PENDING or FAILED, next_attempt_at passed, no live lease):
// sets claimed_until = now + lease and claim_token = token and counts the attempt, in one
// statement that commits at once. Rows locked by another claimer are skipped, not waited for.
boost::asio::awaitable<std::vector<ClaimedNotification>> claim_due(db::Pool& pool, int limit,
                                                                   std::chrono::milliseconds lease,
                                                                   const Uuid& token);

// Restarts the lease of one claimed row just before its send, so a long batch never sends a row
// whose lease lapsed meanwhile (and which another instance may have claimed). False when the lease
// is gone: skip the row.
boost::asio::awaitable<bool> renew_lease(db::Pool& pool, const Uuid& id, const Uuid& token,
                                         std::chrono::milliseconds lease);
// SENT, lease released. False when the lease was lost (another instance claimed the row since).
boost::asio::awaitable<bool> mark_sent(db::Pool& pool, const Uuid& id, const Uuid& token);
// FAILED with the next attempt in `retry_in`, or EXCEEDED_RETRIES when `retry_in` is nullopt.
boost::asio::awaitable<bool> mark_failed(db::Pool& pool, const Uuid& id, const Uuid& token,
                                         std::string_view error,
                                         std::optional<std::chrono::milliseconds> retry_in);

boost::asio::awaitable<SummaryPage> list_notifications(db::Pool& pool, const ListQuery& query);
boost::asio::awaitable<std::optional<NotificationSummary>> find_notification(db::Pool& pool, const Uuid& id);

}  // namespace bh::notification
