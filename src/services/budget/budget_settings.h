#pragma once
// The budget.* settings (declared in budget_settings.cpp): the Excel export's pace, size and
// retries. (The invoice file limit is http.max_upload_file_bytes: the portal applies it too.)
#include <chrono>
#include <cstdint>
#include <string>

#include "core/settings.h"

namespace bh::budget {

struct ExportConfig {
    std::int64_t batch_rows = 0;
    std::int64_t attach_max_bytes = 0;
    std::chrono::seconds link_ttl{};
    std::int64_t concurrency = 0;
    std::chrono::milliseconds poll_interval{};
    std::chrono::milliseconds stale_after{};
    int max_attempts = 0;
    int compression = 0;  // deflate level of the workbook, 1..9
    std::string tmp_dir;  // empty = the system's
};

struct BudgetSettings {
    ExportConfig exports;
};

const settings::Declaration<BudgetSettings>& budget_settings();

}  // namespace bh::budget
