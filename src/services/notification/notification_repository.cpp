#include "services/notification/notification_repository.h"

#include <boost/json.hpp>

#include "core/error.h"
#include "core/json_text.h"
#include "db/statement.h"

namespace bh::notification {

namespace json = boost::json;

namespace {

constexpr db::Statement kInsert{
    "notification.insert",
    "INSERT INTO notifications (id, kind, recipient, recipient_name, subject, body_text, body_html, "
    "attachments, status, next_attempt_at, source_event_id) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, 'PENDING', now(), $9) ON CONFLICT (id) DO NOTHING"};

// The inner SELECT picks and locks due rows, skipping rows another claimer holds; the UPDATE
// stamps the lease. Under READ COMMITTED a row whose lease was taken meanwhile is re-checked
// against the WHERE clause after its lock is granted, so it is never claimed twice.
constexpr db::Statement kClaimDue{
    "notification.claim_due",
    "UPDATE notifications n SET claimed_until = now() + $2::bigint * interval '1 millisecond', "
    "claim_token = $3, attempts = n.attempts + 1, updated_at = now() "
    "FROM (SELECT id FROM notifications WHERE status IN ('PENDING', 'FAILED') AND next_attempt_at <= now() "
    "      AND (claimed_until IS NULL OR claimed_until <= now()) "
    "      ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED) due "
    "WHERE n.id = due.id "
    "RETURNING n.id, n.kind, n.recipient, n.recipient_name, n.subject, n.body_text, n.body_html, "
    "n.attachments::text AS attachments, n.attempts"};

constexpr db::Statement kMarkSent{
    "notification.mark_sent",
    "UPDATE notifications SET status = 'SENT', sent_at = now(), updated_at = now(), last_error = NULL, "
    "next_attempt_at = NULL, claimed_until = NULL, claim_token = NULL WHERE id = $1 AND claim_token = $2"};

constexpr db::Statement kRenewLease{
    "notification.renew_lease",
    "UPDATE notifications SET claimed_until = now() + $3::bigint * interval '1 millisecond' "
    "WHERE id = $1 AND claim_token = $2 AND claimed_until > now()"};

constexpr db::Statement kMarkFailed{
    "notification.mark_failed",
    "UPDATE notifications SET "
    "status = CASE WHEN $4::bigint IS NULL THEN 'EXCEEDED_RETRIES' ELSE 'FAILED' END, "
    "next_attempt_at = now() + $4::bigint * interval '1 millisecond', "
    "last_error = $3, updated_at = now(), claimed_until = NULL, claim_token = NULL "
    "WHERE id = $1 AND claim_token = $2"};

constexpr std::string_view kSummaryColumns =
    "id, kind, recipient, subject, status, attempts, last_error, next_attempt_at, created_at, sent_at, "
    "updated_at, jsonb_array_length(attachments) AS attachment_count";

std::vector<AttachmentRef> attachments_from_json(std::string_view text) {
    std::vector<AttachmentRef> refs;
    const auto parsed = json::parse(text);
    for (const auto& item : parsed.as_array()) {
        const auto& object = item.as_object();
        AttachmentRef ref;
        ref.filename = json::value_to<std::string>(object.at("filename"));
        ref.content_type = json::value_to<std::string>(object.at("contentType"));
        ref.storage_key = json::value_to<std::string>(object.at("storageKey"));
        ref.size_bytes = object.at("sizeBytes").to_number<std::int64_t>();
        refs.push_back(std::move(ref));
    }
    return refs;
}

std::string attachments_to_json(const std::vector<AttachmentRef>& refs) {
    json::array array;
    for (const auto& ref : refs) {
        array.push_back(json::object{{"filename", ref.filename},
                                     {"contentType", ref.content_type},
                                     {"storageKey", ref.storage_key},
                                     {"sizeBytes", ref.size_bytes}});
    }
    return json_text(array);
}

Kind kind_of(const db::Row& row) {
    auto kind = parse_kind(row.get<std::string_view>("kind"));
    if (!kind) throw internal("notifications.kind holds an unknown value");
    return *kind;
}

NotificationSummary summary_from(const db::Row& row) {
    NotificationSummary s;
    s.id = row.get<Uuid>("id");
    s.kind = kind_of(row);
    s.recipient = row.get<std::string>("recipient");
    s.subject = row.get<std::string>("subject");
    auto status = parse_status(row.get<std::string_view>("status"));
    if (!status) throw internal("notifications.status holds an unknown value");
    s.status = *status;
    s.attempts = row.get<std::int32_t>("attempts");
    s.last_error = row.get<std::optional<std::string>>("last_error");
    s.next_attempt_at = row.get<std::optional<std::chrono::system_clock::time_point>>("next_attempt_at");
    s.created_at = row.get<std::chrono::system_clock::time_point>("created_at");
    s.sent_at = row.get<std::optional<std::chrono::system_clock::time_point>>("sent_at");
    s.updated_at = row.get<std::chrono::system_clock::time_point>("updated_at");
    s.attachment_count = row.get<std::int32_t>("attachment_count");
    return s;
}

}  // namespace

boost::asio::awaitable<bool> insert_notification(db::Transaction& tx, const NewNotification& n) {
    db::Params params{
        n.id,        std::string(to_string(n.kind)),    n.recipient, n.recipient_name, n.subject, n.body_text,
        n.body_html, attachments_to_json(n.attachments)};
    params.add(n.source_event_id);
    const auto result = co_await tx->execute(kInsert, params);
    co_return result.affected_rows() == 1;
}

boost::asio::awaitable<std::vector<ClaimedNotification>> claim_due(db::Pool& pool, int limit,
                                                                   std::chrono::milliseconds lease,
                                                                   const Uuid& token) {
    auto lease_handle = co_await pool.acquire();
    const auto result = co_await lease_handle->execute(
        kClaimDue, db::Params{limit, static_cast<std::int64_t>(lease.count()), token});
    std::vector<ClaimedNotification> claimed;
    claimed.reserve(result.size());
    for (const auto& row : result) {
        ClaimedNotification c;
        c.id = row.get<Uuid>("id");
        c.kind = kind_of(row);
        c.recipient = row.get<std::string>("recipient");
        c.recipient_name = row.get<std::string>("recipient_name");
        c.subject = row.get<std::string>("subject");
        c.body_text = row.get<std::string>("body_text");
        c.body_html = row.get<std::string>("body_html");
        c.attachments = attachments_from_json(row.get<std::string_view>("attachments"));
        c.attempts = row.get<std::int32_t>("attempts");
        claimed.push_back(std::move(c));
    }
    co_return claimed;
}

boost::asio::awaitable<bool> mark_sent(db::Pool& pool, const Uuid& id, const Uuid& token) {
    auto lease = co_await pool.acquire();
    const auto result = co_await lease->execute(kMarkSent, db::Params{id, token});
    co_return result.affected_rows() == 1;
}

boost::asio::awaitable<bool> renew_lease(db::Pool& pool, const Uuid& id, const Uuid& token,
                                         std::chrono::milliseconds lease) {
    auto connection = co_await pool.acquire();
    const auto result = co_await connection->execute(
        kRenewLease, db::Params{id, token, static_cast<std::int64_t>(lease.count())});
    co_return result.affected_rows() == 1;
}

boost::asio::awaitable<bool> mark_failed(db::Pool& pool, const Uuid& id, const Uuid& token,
                                         std::string_view error,
                                         std::optional<std::chrono::milliseconds> retry_in) {
    auto lease = co_await pool.acquire();
    db::Params params{id, token, error.substr(0, 2000)};
    if (retry_in) {
        params.add(static_cast<std::int64_t>(retry_in->count()));
    } else {
        params.add_null();
    }
    const auto result = co_await lease->execute(kMarkFailed, params);
    co_return result.affected_rows() == 1;
}

const db::Listing& notification_listing() {
    static const db::Listing listing({
        .columns = std::string(kSummaryColumns),
        .from = "notifications",
        .sort_columns = {{"createdAt", "created_at"},
                         {"updatedAt", "updated_at"},
                         {"status", "status"},
                         {"recipient", "recipient"},
                         {"attempts", "attempts"},
                         {"kind", "kind"}},
        .default_sort_field = "createdAt",
        .default_descending = true,
        .tie_breaker = "id",
    });
    return listing;
}

boost::asio::awaitable<SummaryPage> list_notifications(db::Pool& pool, const ListQuery& query) {
    db::Where where;
    if (query.status) where.add("status = $", std::string(to_string(*query.status)));
    auto lease = co_await pool.acquire();
    const auto found = co_await db::list_page(*lease, notification_listing(), where, query.page);
    co_return db::read_page<NotificationSummary>(found, [](const db::Row& row) { return summary_from(row); });
}

boost::asio::awaitable<std::optional<NotificationSummary>> find_notification(db::Pool& pool, const Uuid& id) {
    auto lease = co_await pool.acquire();
    const auto rows = co_await lease->query(
        "SELECT " + std::string(kSummaryColumns) + " FROM notifications WHERE id = $1", db::Params{id});
    if (auto row = rows.maybe_one()) co_return summary_from(*row);
    co_return std::nullopt;
}

}  // namespace bh::notification
