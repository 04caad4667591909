// Notification service skeleton: health, readiness, metrics. Its domain arrives with its own issue.
#include "services/notification/notification_service.h"

#include "runtime/http_service.h"

namespace bh::notification {

namespace {

class NotificationService final : public runtime::HttpService {
  public:
    explicit NotificationService(runtime::Runtime& rt)
        : HttpService(rt, "notification",
                      static_cast<std::uint16_t>(rt.config().get_int("notification.port"))) {}
};

}  // namespace

std::unique_ptr<runtime::Service> make_service(runtime::Runtime& runtime) {
    return std::make_unique<NotificationService>(runtime);
}

}  // namespace bh::notification
