// The streaming workbook: its helpers, its limits, and files read back with openpyxl
// (tools/xlsx_summary.py --cells) and with Python's zipfile (every part's CRC checked).
#include "xlsx/streaming_workbook.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <filesystem>
#include <limits>
#include <string>

#include "core/uuid.h"
#include "xlsx/xlsx_test_support.h"

namespace bh::xlsx {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono;

using testing::python;
using testing::run_command;

json::object cells(const fs::path& file) {
    return json::parse(testing::xlsx_summary("--cells " + file.string())).as_object();
}

SheetLayout layout() {
    SheetLayout out;
    out.sheet_name = "Owner's sheet";
    out.column_widths = {10, 20};
    out.number_formats = {"yyyy-mm-dd", "#,##0.00 \"€\""};
    out.freeze_first_row = true;
    return out;
}

class StreamingWorkbookTest : public ::testing::Test {
  protected:
    void TearDown() override { fs::remove(file_); }
    fs::path file_ = fs::temp_directory_path() / ("bh-xlsx-" + Uuid::v7().to_string() + ".xlsx");
};

TEST(XlsxHelpers, ColumnNames) {
    EXPECT_EQ(column_name(0), "A");
    EXPECT_EQ(column_name(25), "Z");
    EXPECT_EQ(column_name(26), "AA");
    EXPECT_EQ(column_name(51), "AZ");
    EXPECT_EQ(column_name(701), "ZZ");
    EXPECT_EQ(column_name(702), "AAA");
    EXPECT_EQ(column_name(kMaxColumns - 1), "XFD");
}

TEST(XlsxHelpers, SerialDaysFollowExcel) {
    EXPECT_EQ(excel_serial_day(year{1900} / 1 / 1), 1);
    EXPECT_EQ(excel_serial_day(year{1900} / 2 / 28), 59);
    EXPECT_EQ(excel_serial_day(year{1900} / 3 / 1), 61);  // 60 is Excel's 1900-02-29
    EXPECT_EQ(excel_serial_day(year{2024} / 2 / 29), 45351);
    EXPECT_EQ(excel_serial_day(year{1899} / 12 / 31), std::nullopt);
}

TEST(XlsxHelpers, EscapesWhatXmlAndExcelWouldMisread) {
    std::string out;
    append_escaped(out, "a<b>&c \"q\" 'p'");
    EXPECT_EQ(out, "a&lt;b&gt;&amp;c \"q\" 'p'");
    out.clear();
    append_escaped(out, std::string("tab\tnl\ncr\rnul") + '\0' + "bell\x07");
    EXPECT_EQ(out, "tab\tnl\ncr\rnul_x0000_bell_x0007_");
    out.clear();
    append_escaped(out, "_x0041_ and _x12_ and _xZZZZ_");
    EXPECT_EQ(out, "_x005F_x0041_ and _x12_ and _xZZZZ_");
}

TEST_F(StreamingWorkbookTest, CellsReadBackWithTheirTypesAndFormats) {
    StreamingWorkbook book(file_, layout(), 6);
    book.begin_row();
    book.text("Name", kHeader);
    book.text("Amount", kHeader);
    book.end_row();
    book.begin_row();
    book.text(" spaced & <tagged> ");
    book.number(Money::from_cents(-5), number_style(1));
    book.date(year{2024} / 2 / 29, number_style(0));
    book.end_row();
    book.begin_row();
    book.text("ümlaut €");
    book.number(Money::from_cents(std::numeric_limits<std::int64_t>::min()), number_style(1));
    book.date(year{1800} / 1 / 2, number_style(0));  // before Excel's days: text
    book.end_row();
    EXPECT_EQ(book.rows(), 3);
    book.close(true);

    const auto got = cells(file_);
    EXPECT_EQ(got.at("sheet").as_string(), "Owner's sheet");
    const auto& rows = got.at("rows").as_array();
    ASSERT_EQ(rows.size(), 3U);
    EXPECT_EQ(rows.at(0).as_array().at(0).as_array().at(0).as_string(), "Name");
    EXPECT_TRUE(got.at("bold_first").as_bool());
    const auto& second = rows.at(1).as_array();
    EXPECT_EQ(second.at(0).as_array().at(0).as_string(), " spaced & <tagged> ");
    EXPECT_EQ(second.at(1).as_array().at(0).as_string(), "-0.05");
    EXPECT_EQ(second.at(1).as_array().at(2).as_string(), "#,##0.00 \"€\"");
    EXPECT_EQ(second.at(2).as_array().at(0).as_string(), "2024-02-29T00:00:00");
    EXPECT_EQ(second.at(2).as_array().at(1).as_string(), "datetime");
    const auto& third = rows.at(2).as_array();
    EXPECT_EQ(third.at(0).as_array().at(0).as_string(), "ümlaut €");
    EXPECT_EQ(third.at(1).as_array().at(0).as_string(), "-9.223372036854776e+16");
    EXPECT_EQ(third.at(2).as_array().at(0).as_string(), "1800-01-02");
    EXPECT_EQ(third.at(2).as_array().at(1).as_string(), "str");
    EXPECT_EQ(got.at("autofilter").as_string(), "A1:C3");
    EXPECT_EQ(got.at("freeze").as_string(), "A2");
    EXPECT_EQ(got.at("defined_names").as_object().at("_xlnm._FilterDatabase").as_string(),
              "'Owner''s sheet'!$A$1:$C$3");
}

TEST_F(StreamingWorkbookTest, ManyBlocksMakeOneValidZip) {
    {
        StreamingWorkbook book(file_, layout(), 1);
        for (int i = 0; i < 20'000; ++i) {  // several flushes of the 256 KiB buffer
            book.begin_row();
            book.text("row " + std::to_string(i));
            book.number(Money::from_cents(i), number_style(1));
            book.end_row();
        }
        book.close(false);
    }
    const std::string checked =
        run_command(python() +
                    " -c \"import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); "
                    "print(z.testzip(), len(z.read('xl/worksheets/sheet1.xml')) > 600000)\" " +
                    file_.string());
    EXPECT_EQ(checked, "None True\n");
    const auto got = cells(file_);
    const auto& rows = got.at("rows").as_array();
    ASSERT_EQ(rows.size(), 20'000U);
    EXPECT_EQ(rows.at(19'999).as_array().at(0).as_array().at(0).as_string(), "row 19999");
    EXPECT_EQ(rows.at(19'999).as_array().at(1).as_array().at(0).as_string(), "199.99");
    EXPECT_TRUE(got.at("autofilter").is_null());
}

TEST_F(StreamingWorkbookTest, RefusesWhatExcelCannotHold) {
    StreamingWorkbook book(file_, layout(), 1);
    book.begin_row();
    EXPECT_ANY_THROW(book.text(std::string(kMaxTextBytes + 1, 'x')));
    EXPECT_ANY_THROW(book.number(Money::from_cents(1), number_style(2)));  // no third format
    EXPECT_ANY_THROW(book.begin_row());                                    // already in one
    book.end_row();
    EXPECT_ANY_THROW(book.text("outside a row"));
    EXPECT_ANY_THROW(StreamingWorkbook(file_.string() + "x", layout(), 0));
    SheetLayout bad = layout();
    bad.sheet_name = "a/b";
    EXPECT_ANY_THROW(StreamingWorkbook(file_.string() + "y", bad, 1));
    EXPECT_ANY_THROW(StreamingWorkbook("/nonexistent-dir/x.xlsx", layout(), 1));
}

TEST_F(StreamingWorkbookTest, AnnouncedRowsAreTheSheetsDimensionAndAreChecked) {
    SheetLayout announced = layout();
    announced.rows = 2;
    {
        StreamingWorkbook book(file_, announced, 1);
        book.begin_row();
        book.text("only one");
        book.end_row();
        EXPECT_ANY_THROW(book.close(false));
    }
    StreamingWorkbook book(file_, announced, 1);
    for (int i = 0; i < 2; ++i) {
        book.begin_row();
        book.text("cell");
        book.end_row();
    }
    book.close(false);
    const std::string dimension =
        run_command(python() +
                    " -c \"import re, sys, zipfile; x = zipfile.ZipFile(sys.argv[1]).read("
                    "'xl/worksheets/sheet1.xml').decode(); "
                    "print(re.search(r'<dimension ref=.([A-Z0-9:]+)', x).group(1))\" " +
                    file_.string());
    EXPECT_EQ(dimension, "A1:B2\n");
}

}  // namespace
}  // namespace bh::xlsx
