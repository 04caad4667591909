// Configuration keys of the budget area (see core/config_keys.h).
#include "core/config_keys.h"

namespace bh {

std::vector<ConfigKey> budget_config_keys() {
    return {};
}

}  // namespace bh
