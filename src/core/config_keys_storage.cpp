// Configuration keys of the storage area (see core/config_keys.h).
#include "core/config_keys.h"

namespace bh {

std::vector<ConfigKey> storage_config_keys() {
    return {};
}

}  // namespace bh
