// The notification.* settings, declared next to the dispatcher options they become.
#include "services/notification/notification_settings.h"

#include <string>

namespace bh::notification {

using namespace std::chrono_literals;

const settings::Declaration<NotificationSettings>& notification_settings() {
    using S = NotificationSettings;
    static const auto declaration =
        settings::Declaration<S>()
            .integer(&S::batch_size, "notification.batch_size", 20,
                     "Notifications claimed per dispatcher round", {.min = 1, .max = 1000})
            .duration(&S::poll_interval, "notification.poll_interval", "2s",
                      "How often the dispatcher looks for due retries (new requests wake it at once)",
                      {.min = 10ms, .max = 1h})
            .duration(&S::claim_lease, "notification.claim_lease", "10m",
                      "How long a claimed notification is kept from other instances; a crash mid-send is "
                      "retried after it. Must exceed mail.timeout + storage.transfer_timeout",
                      {.min = 1s, .max = 24h})
            .integer(&S::retry_max_attempts, "notification.retry_max_attempts", 5,
                     "Sends per notification, the first included", {.min = 1, .max = 100})
            .duration(&S::retry_base_delay, "notification.retry_base_delay", "30s",
                      "Delay after the first failed send; doubles after each further failure",
                      {.min = 10ms, .max = 24h})
            .duration(&S::retry_max_delay, "notification.retry_max_delay", "60m",
                      "Longest delay between two sends", {.min = 10ms, .max = 7 * 24h})
            .integer(
                &S::retry_jitter_percent, "notification.retry_jitter_percent", 20,
                "Random spread of each retry delay (± percent), so one outage's failures do not retry in "
                "lockstep",
                {.min = 0, .max = 100})
            .integer(&S::max_attachment_bytes, "notification.max_attachment_bytes", 25 << 20,
                     "Largest attachment fetched for an e-mail", {.min = 1, .max = 100 << 20});
    return declaration;
}

DispatcherOptions dispatcher_options(const NotificationSettings& settings, const mail::MailSettings& mail,
                                     const storage::StorageSettings& storage) {
    DispatcherOptions options;
    options.batch_size = settings.batch_size;
    options.poll_interval = settings.poll_interval;
    options.lease = settings.claim_lease;
    options.retry.max_attempts = settings.retry_max_attempts;
    options.retry.base_delay = settings.retry_base_delay;
    options.retry.max_delay = settings.retry_max_delay;
    options.retry.jitter = static_cast<double>(settings.retry_jitter_percent) / 100.0;
    options.max_attachment_bytes = settings.max_attachment_bytes;
    if (const auto at = mail.from_address.find('@'); at != std::string::npos)
        options.message_id_domain = mail.from_address.substr(at + 1);

    const auto send_bound = mail.timeout + storage.s3.transfer_timeout;
    if (options.lease <= send_bound) {
        throw ConfigError({"notification.claim_lease (" + std::to_string(options.lease.count()) +
                           " ms) must be longer than mail.timeout + storage.transfer_timeout (" +
                           std::to_string(send_bound.count()) + " ms)"});
    }
    return options;
}

}  // namespace bh::notification
