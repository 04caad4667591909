// Configuration keys of the notification area (see core/config_keys.h).
#include "core/config_keys.h"

namespace bh {

std::vector<ConfigKey> notification_config_keys() {
    return {};
}

}  // namespace bh
