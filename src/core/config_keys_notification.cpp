// Configuration keys of the notification area (see core/config_keys.h): the dispatcher's schedule
// and retries (services/notification/notification_settings.cpp).
#include "core/config_keys.h"

namespace bh {

namespace {
using T = ConfigType;
constexpr std::int64_t kSecond = 1000;
constexpr std::int64_t kHour = 3600 * kSecond;
}  // namespace

std::vector<ConfigKey> notification_config_keys() {
    return {
        {"notification.batch_size", T::Int, "20", "Notifications claimed per dispatcher round", false, 1,
         1000},
        {"notification.poll_interval", T::DurationMs, "2s",
         "How often the dispatcher looks for due retries (new requests wake it at once)", false, 10, kHour},
        {"notification.claim_lease", T::DurationMs, "10m",
         "How long a claimed notification is kept from other instances; a crash mid-send is retried after "
         "it. "
         "Must exceed mail.timeout + storage.transfer_timeout",
         false, kSecond, 24 * kHour},
        {"notification.retry_max_attempts", T::Int, "5", "Sends per notification, the first included", false,
         1, 100},
        {"notification.retry_base_delay", T::DurationMs, "30s",
         "Delay after the first failed send; doubles after each further failure", false, 10, 24 * kHour},
        {"notification.retry_max_delay", T::DurationMs, "60m", "Longest delay between two sends", false, 10,
         kHour * 7 * 24},
        {"notification.retry_jitter_percent", T::Int, "20",
         "Random spread of each retry delay (± percent), so one outage's failures do not retry in lockstep",
         false, 0, 100},
        {"notification.max_attachment_bytes", T::Int, "26214400", "Largest attachment fetched for an e-mail",
         false, 1, std::int64_t{100} * 1024 * 1024},
    };
}

}  // namespace bh
