// Configuration keys of the auth area (see core/config_keys.h).
#include "core/config_keys.h"

namespace bh {

std::vector<ConfigKey> auth_config_keys() {
    return {};
}

}  // namespace bh
