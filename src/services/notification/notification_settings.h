#pragma once
// The notification.* settings (declared in notification_settings.cpp): the dispatcher's pace,
// retries and attachment bound; with the mail.* and storage.* settings they become DispatcherOptions.
#include <chrono>
#include <cstddef>

#include "core/settings.h"
#include "mail/smtp_options.h"
#include "services/notification/sending/dispatcher.h"
#include "storage/store_factory.h"

namespace bh::notification {

struct NotificationSettings {
    int batch_size = 0;
    std::chrono::milliseconds poll_interval{};
    std::chrono::milliseconds claim_lease{};
    int retry_max_attempts = 0;
    std::chrono::milliseconds retry_base_delay{};
    std::chrono::milliseconds retry_max_delay{};
    int retry_jitter_percent = 0;
    std::size_t max_attachment_bytes = 0;
};

const settings::Declaration<NotificationSettings>& notification_settings();

// Throws ConfigError when the claim lease is not longer than one send can take (mail.timeout plus
// the attachment download, storage.transfer_timeout): a slow but live sender would otherwise
// see its row claimed and sent a second time by another instance.
DispatcherOptions dispatcher_options(const NotificationSettings& settings, const mail::MailSettings& mail,
                                     const storage::StorageSettings& storage);

}  // namespace bh::notification
