#pragma once
// The movements report as an .xlsx file, written with libxlsxwriter in constant-memory mode: rows go
// to disk as they come, so memory stays flat whatever the row count. One sheet "Movements Report":
// a frozen, auto-filtered header row, dates as dates, amounts as numbers with a currency format.
// Blocking (file I/O): call it from the blocking pool. Not thread-safe; one writer at a time.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>

#include "services/budget/export/export_row.h"

namespace bh::budget {

class ExportWorkbook {
  public:
    // Creates `path`; `tmp_dir` holds libxlsxwriter's temporary files (empty = the system's).
    ExportWorkbook(const std::filesystem::path& path, const std::filesystem::path& tmp_dir);
    ~ExportWorkbook();
    ExportWorkbook(const ExportWorkbook&) = delete;
    ExportWorkbook& operator=(const ExportWorkbook&) = delete;

    void add_rows(std::span<const ExportRow> rows);
    // Writes the file. With no rows, a single line says so (as the seed did). Returns the data rows.
    std::int64_t finish();
    std::int64_t rows_written() const { return rows_; }

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::int64_t rows_ = 0;
};

inline constexpr const char* kExportSheetName = "Movements Report";
inline constexpr const char* kNoDataText = "No data available for the selected period.";

}  // namespace bh::budget
