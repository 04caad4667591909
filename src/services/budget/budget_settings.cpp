// The budget.* settings, declared next to the service that reads them (files_module.cpp).
#include "services/budget/budget_settings.h"

namespace bh::budget {

using namespace std::chrono_literals;

namespace {

const settings::Declaration<ExportConfig>& export_settings() {
    using S = ExportConfig;
    static const auto declaration =
        settings::Declaration<S>()
            .integer(&S::batch_rows, "budget.export_batch_rows", 2000,
                     "Rows fetched from the export cursor per round trip", {.min = 10, .max = 100'000})
            .integer(&S::attach_max_bytes, "budget.export_attach_max_bytes", 5 << 20,
                     "Export reports up to this size are attached to the e-mail; bigger ones are sent as a "
                     "presigned link",
                     {.min = 0, .max = 100 << 20})
            .duration(&S::link_ttl, "budget.export_link_ttl", "72h",
                      "How long the mailed download link of a report works", {.min = 60s, .max = 7 * 24h})
            .integer(&S::concurrency, "budget.export_concurrency", 1,
                     "Export jobs one instance runs at the same time", {.min = 1, .max = 16})
            .duration(&S::poll_interval, "budget.export_poll_interval", "2s",
                      "How often an instance looks for queued or abandoned export jobs",
                      {.min = 100ms, .max = 600s})
            .duration(&S::stale_after, "budget.export_stale_after", "60s",
                      "A RUNNING export whose heartbeat is older than this was abandoned by a dead instance",
                      {.min = 5s, .max = 1h})
            .integer(&S::max_attempts, "budget.export_max_attempts", 3,
                     "Runs of one export job before it is marked FAILED", {.min = 1, .max = 10})
            .integer(&S::compression, "budget.export_compression", 1,
                     "Deflate level of the report, 1 fastest to 9 smallest (1,000,000 rows: 113 MiB in 8 s "
                     "at 1, 93 MiB in 17 s at 6)",
                     {.min = 1, .max = 9})
            .text(&S::tmp_dir, "budget.export_tmp_dir", "",
                  "Directory of the workbook being written; empty = the system's");
    return declaration;
}

}  // namespace

const settings::Declaration<BudgetSettings>& budget_settings() {
    static const auto declaration =
        settings::Declaration<BudgetSettings>().nested(&BudgetSettings::exports, export_settings());
    return declaration;
}

}  // namespace bh::budget
