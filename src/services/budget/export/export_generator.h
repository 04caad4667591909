#pragma once
// Streams the movements of a filter from a PostgreSQL server-side cursor (DECLARE / FETCH n inside a
// REPEATABLE READ, READ ONLY transaction: one consistent snapshot, bounded memory) into an
// ExportWorkbook. Fetches run on the I/O loop; workbook writes run on the blocking pool, one batch
// at a time, so neither blocks the other's thread and memory stays at about one batch.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>

#include "db/pool.h"
#include "services/budget/export/export_filter.h"
#include "xlsx/streaming_workbook.h"

namespace bh::budget {

// The most movements one report holds: a sheet's rows less the header's. More fail the job at once,
// with kExportTooLarge and a message that says so (the job's `error`), before a row is written.
inline constexpr std::int64_t kMaxExportRows = xlsx::kMaxRows - 1;
inline constexpr const char* kExportTooLarge = "EXPORT_TOO_LARGE";

struct ExportGeneratorOptions {
    std::int64_t batch_rows = 2000;
    std::chrono::milliseconds fetch_timeout{60'000};
    int compression = 1;                     // the workbook's deflate level, 1..9
    std::int64_t max_rows = kMaxExportRows;  // lower only in tests
};

// Called once with 0 rows written when the rows to export are counted, then after each batch with the
// rows written so far; returning false stops the export (AppError Unavailable "export interrupted").
using ExportProgress =
    std::function<boost::asio::awaitable<bool>(std::int64_t rows_written, std::int64_t rows_total)>;

class ExportGenerator {
  public:
    ExportGenerator(db::Pool& pool, boost::asio::thread_pool& blocking, ExportGeneratorOptions options)
        : pool_(pool), blocking_(blocking), options_(options) {}

    // Writes the report to `file`; returns the number of data rows.
    boost::asio::awaitable<std::int64_t> write(const ExportFilter& filter, const std::filesystem::path& file,
                                               const ExportProgress& progress);

  private:
    db::Pool& pool_;
    boost::asio::thread_pool& blocking_;
    ExportGeneratorOptions options_;
};

// The report's SELECT with a filter's WHERE (its values are `where.params()`; exposed for tests).
std::string export_select_sql(const db::Where& where);

}  // namespace bh::budget
