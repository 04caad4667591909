#pragma once
// The notification.* configuration keys (core/config_keys_notification.cpp) as DispatcherOptions.
#include "core/config.h"
#include "services/notification/dispatcher.h"

namespace bh::notification {

// Throws ConfigError when the claim lease is not longer than one send can take (mail.timeout plus
// the attachment download, storage.transfer_timeout): a slow but live sender would otherwise
// see its row claimed and sent a second time by another instance.
DispatcherOptions dispatcher_options_from(const Config& config);

}  // namespace bh::notification
