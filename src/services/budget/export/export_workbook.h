#pragma once
// The movements report as an .xlsx file: one sheet "Movements Report", a frozen, auto-filtered header
// row, dates as dates, amounts as exact decimals with a currency format. Written as a stream
// (xlsx::StreamingWorkbook): rows are compressed into the file as they come, so memory stays flat
// whatever the row count. Blocking (file I/O): call it from the blocking pool; one writer at a time.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>

#include "services/budget/export/export_row.h"

namespace bh::xlsx {
class StreamingWorkbook;
}

namespace bh::budget {

class ExportWorkbook {
  public:
    // Creates `path` for `data_rows` rows (counted before: the sheet announces its size);
    // `compression` is the deflate level, 1 (fastest) to 9 (smallest).
    ExportWorkbook(const std::filesystem::path& path, std::int64_t data_rows, int compression);
    ~ExportWorkbook();
    ExportWorkbook(const ExportWorkbook&) = delete;
    ExportWorkbook& operator=(const ExportWorkbook&) = delete;

    void add_rows(std::span<const ExportRow> rows);
    // Ends the file. With no rows, a single line says so (as the seed did). Returns the data rows.
    std::int64_t finish();
    std::int64_t rows_written() const { return rows_; }

  private:
    std::unique_ptr<xlsx::StreamingWorkbook> sheet_;
    std::int64_t rows_ = 0;
};

inline constexpr const char* kExportSheetName = "Movements Report";
inline constexpr const char* kNoDataText = "No data available for the selected period.";

}  // namespace bh::budget
