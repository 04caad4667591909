#include "services/notification/notification_settings.h"

#include <string>

namespace bh::notification {

DispatcherOptions dispatcher_options_from(const Config& config) {
    DispatcherOptions options;
    options.batch_size = static_cast<int>(config.get_int("notification.batch_size"));
    options.poll_interval = config.get_duration("notification.poll_interval");
    options.lease = config.get_duration("notification.claim_lease");
    options.retry.max_attempts = static_cast<int>(config.get_int("notification.retry_max_attempts"));
    options.retry.base_delay = config.get_duration("notification.retry_base_delay");
    options.retry.max_delay = config.get_duration("notification.retry_max_delay");
    options.retry.jitter = static_cast<double>(config.get_int("notification.retry_jitter_percent")) / 100.0;
    options.max_attachment_bytes =
        static_cast<std::size_t>(config.get_int("notification.max_attachment_bytes"));
    const auto& from = config.get_string("mail.from_address");
    if (const auto at = from.find('@'); at != std::string::npos)
        options.message_id_domain = from.substr(at + 1);

    const auto send_bound =
        config.get_duration("mail.timeout") + config.get_duration("storage.transfer_timeout");
    if (options.lease <= send_bound) {
        throw ConfigError({"notification.claim_lease (" + std::to_string(options.lease.count()) +
                           " ms) must be longer than mail.timeout + storage.transfer_timeout (" +
                           std::to_string(send_bound.count()) + " ms)"});
    }
    return options;
}

}  // namespace bh::notification
