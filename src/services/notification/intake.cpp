#include "services/notification/intake.h"

#include <spdlog/spdlog.h>

#include <functional>

#include "bus/event.h"
#include "outbox/processed_events.h"
#include "services/notification/domain/notification_request.h"
#include "services/notification/notification_repository.h"
#include "services/notification/sending/composer.h"

namespace bh::notification {

namespace {

boost::asio::awaitable<void> insert_once(db::Transaction& tx, const NewNotification& row, bool& inserted) {
    inserted = co_await insert_notification(tx, row);
}

}  // namespace

boost::asio::awaitable<IntakeOutcome> accept_notification_event(db::Pool& pool, const bus::Message& message) {
    const auto* type = message.header(bus::header::kEventType);
    if (type != nullptr && *type != kRequestedEventType) {
        spdlog::warn("notification: ignoring event of type {} on {}", *type, message.topic);
        co_return IntakeOutcome::Ignored;
    }
    const auto request = parse_notification_request(message.payload);
    const auto mail = compose(request);
    NewNotification row;
    row.id = request.id;
    row.kind = request.kind;
    row.recipient = request.to;
    row.recipient_name = request.recipient_name;
    row.subject = mail.subject;
    row.body_text = mail.text;
    row.body_html = mail.html;
    row.attachments = request.attachments;
    if (const auto* event_id = message.header(bus::header::kEventId))
        row.source_event_id = Uuid::parse(*event_id);

    bool inserted = false;
    // A plain lambda calling a coroutine: g++ 12 mishandles capturing lambdas that are coroutines.
    std::function<boost::asio::awaitable<void>(db::Transaction&)> effect =
        [&row, &inserted](db::Transaction& tx) { return insert_once(tx, row, inserted); };
    const auto applied =
        co_await outbox::apply_once(pool, std::string(kConsumerName), message, std::move(effect));
    const bool stored = applied == outbox::Applied::Yes && inserted;
    co_return stored ? IntakeOutcome::Stored : IntakeOutcome::Duplicate;
}

}  // namespace bh::notification
