// Notification service: its database (created and migrated at start), outbox relay, health, readiness and
// metrics. Its domain routes arrive with its own issue.
#include "services/notification/notification_service.h"

#include "migrations/notification.h"
#include "runtime/data_service.h"

namespace bh::notification {

namespace {

class NotificationService final : public runtime::DataService {
  public:
    explicit NotificationService(runtime::Runtime& rt)
        : DataService(rt, "notification",
                      static_cast<std::uint16_t>(rt.config().get_int("notification.port")), migrations(),
                      {.redis = true}) {}
};

}  // namespace

std::unique_ptr<runtime::Service> make_service(runtime::Runtime& runtime) {
    return std::make_unique<NotificationService>(runtime);
}

std::span<const db::Migration> migrations() {
    return bh::migrations::notification();
}

}  // namespace bh::notification
