// Configuration keys of the mail area (see core/config_keys.h).
#include "core/config_keys.h"

namespace bh {

std::vector<ConfigKey> mail_config_keys() {
    return {};
}

}  // namespace bh
