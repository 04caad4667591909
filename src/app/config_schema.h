#pragma once
// The one configuration schema of the binary: every area's declared settings joined (each area
// declares its own next to its code, see core/settings.h). `budgethub config --schema` prints it
// as docs/configuration.md, which a unit test keeps equal to it.
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"

namespace bh::app {

// One section of the reference: an area's keys and the file declaring them.
struct SchemaPart {
    std::string_view title;
    std::string_view declared_in;
    const std::vector<ConfigKey>& keys;
};

const std::vector<SchemaPart>& schema_parts();

// All parts' keys; built once, a key declared by two areas throws (at the first call: at start).
const std::vector<ConfigKey>& config_schema();

// docs/configuration.md.
std::string configuration_reference();

}  // namespace bh::app
