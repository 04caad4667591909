#pragma once
// A one-sheet .xlsx written as a stream: each row becomes SpreadsheetML as it is added and goes
// through deflate into the zip (minizip) in blocks of a few hundred KiB, so memory stays flat whatever
// the row count and the compression runs while rows are still coming (not in a pass at the end).
// Cells are inline strings, exact decimals (from Money, never through a double) and dates (Excel
// serial days). The stylesheet is fixed: plain, a bold header with a bottom border, and one style per
// number format the layout names. Blocking (file I/O): call it from a blocking pool; one thread.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.h"

namespace bh::xlsx {

using StyleId = std::uint16_t;
inline constexpr StyleId kPlain = 0;
inline constexpr StyleId kHeader = 1;
// The style of the layout's number_formats[index].
constexpr StyleId number_style(std::size_t index) {
    return static_cast<StyleId>(2 + index);
}

struct SheetLayout {
    std::string sheet_name;                   // 1 to 31 characters, none of : \ / ? * [ ]
    std::vector<double> column_widths;        // in characters, column A first
    std::vector<std::string> number_formats;  // Excel format codes, e.g. "yyyy-mm-dd"
    bool freeze_first_row = false;
    // The rows the sheet will have, when known before the first (a report counts its rows first):
    // written as the sheet's dimension, which readers use to size it (openpyxl's read-only mode pads
    // its rows to it). close() checks the count. 0: unknown, no dimension.
    std::int64_t rows = 0;
};

// Excel's limits (a row past them cannot be shown, so it is refused rather than written).
inline constexpr std::int64_t kMaxRows = 1'048'576;
inline constexpr std::size_t kMaxColumns = 16'384;
inline constexpr std::size_t kMaxTextBytes = 32'767;

class StreamingWorkbook {
  public:
    // Creates `path`. `compression` is the deflate level, 1 (fastest) to 9 (smallest).
    StreamingWorkbook(const std::filesystem::path& path, SheetLayout layout, int compression);
    ~StreamingWorkbook();  // without close(), the file is left incomplete: the caller removes it
    StreamingWorkbook(const StreamingWorkbook&) = delete;
    StreamingWorkbook& operator=(const StreamingWorkbook&) = delete;

    void begin_row();
    void text(std::string_view value, StyleId style = kPlain);
    void number(Money value, StyleId style);
    void date(std::chrono::year_month_day value, StyleId style);
    void end_row();

    std::int64_t rows() const { return rows_; }
    // Ends the sheet and the file. With `autofilter`, a filter over every row and the widest row's
    // columns (Excel's "Filter" on the header).
    void close(bool autofilter);

  private:
    void open_cell(StyleId style, std::string_view type);
    void flush();

    struct Zip;
    std::unique_ptr<Zip> zip_;
    SheetLayout layout_;
    std::string buffer_;
    std::int64_t rows_ = 0;
    std::size_t column_ = 0;
    std::size_t widest_ = 0;
    bool in_row_ = false;
};

// Helpers of the writer, exposed for tests.
// "A", "B", ... "Z", "AA", ... for a zero-based column.
std::string column_name(std::size_t column);
// Excel's serial day of a date in its 1900 date system, or nothing before 1900-01-01.
std::optional<std::int64_t> excel_serial_day(std::chrono::year_month_day date);
// `text` as the content of an XML element: & < > escaped, characters XML 1.0 forbids (and a literal
// "_xHHHH_", which Excel would decode) written as SpreadsheetML's _xHHHH_ escape.
void append_escaped(std::string& out, std::string_view text);

}  // namespace bh::xlsx
