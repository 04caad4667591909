// Configuration keys of the budget area (see core/config_keys.h).
#include "core/config_keys.h"

namespace bh {

namespace {

using T = ConfigType;
constexpr std::int64_t kSecond = 1000;
constexpr std::int64_t kMiB = 1 << 20;

// Invoice files and the Excel export (services/budget/invoice_*, export_*).
std::vector<ConfigKey> files_keys() {
    return {
        {"budget.invoice_max_file_bytes", T::Int, "2097152",
         "Largest invoice file accepted (400 MAX_UPLOAD_SIZE_EXCEEDED above); http.max_body_bytes must leave "
         "room "
         "for it (base64 uploads are 4/3 larger)",
         false, 1024, 64 * kMiB},
        {"budget.export_batch_rows", T::Int, "2000", "Rows fetched from the export cursor per round trip",
         false, 10, 100'000},
        {"budget.export_attach_max_bytes", T::Int, "5242880",
         "Export reports up to this size are attached to the e-mail; bigger ones are sent as a presigned "
         "link",
         false, 0, 100 * kMiB},
        {"budget.export_link_ttl", T::DurationMs, "72h",
         "How long the mailed download link of a report works", false, 60 * kSecond, kSecond * 7 * 24 * 3600},
        {"budget.export_concurrency", T::Int, "1", "Export jobs one instance runs at the same time", false, 1,
         16},
        {"budget.export_poll_interval", T::DurationMs, "2s",
         "How often an instance looks for queued or abandoned export jobs", false, 100, 600 * kSecond},
        {"budget.export_stale_after", T::DurationMs, "60s",
         "A RUNNING export whose heartbeat is older than this was abandoned by a dead instance", false,
         5 * kSecond, 3600 * kSecond},
        {"budget.export_max_attempts", T::Int, "3", "Runs of one export job before it is marked FAILED",
         false, 1, 10},
        {"budget.export_tmp_dir", T::String, "",
         "Directory of the workbook being written; empty = the system's"},
    };
}

}  // namespace

std::vector<ConfigKey> budget_config_keys() {
    std::vector<ConfigKey> keys;
    auto files = files_keys();
    keys.insert(keys.end(), files.begin(), files.end());
    return keys;
}

}  // namespace bh
