#pragma once
// Process logging on spdlog: asynchronous, dropping the oldest line rather than blocking an I/O
// thread when the sink falls behind. JSON lines by default.
#include <spdlog/spdlog.h>

#include <string>
#include <string_view>

#include "core/settings.h"

namespace bh {

struct LogSettings {
    std::string level = "info";
    std::string format = "json";  // json | text
};

// log.level, log.format
const settings::Declaration<LogSettings>& log_settings();

void init_logging(const LogSettings& settings);
// Escapes text for inclusion inside a JSON string (used by the JSON formatter and access logs).
void append_json_escaped(std::string& out, std::string_view text);

}  // namespace bh
