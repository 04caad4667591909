// Configuration keys of the portal area (see core/config_keys.h).
#include "core/config_keys.h"

namespace bh {

std::vector<ConfigKey> portal_config_keys() {
    return {};
}

}  // namespace bh
