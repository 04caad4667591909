// The workbook writer on a temporary file, read back with openpyxl (tools/xlsx_summary.py).
#include "services/budget/export/export_workbook.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <filesystem>
#include <vector>

#include "core/uuid.h"
#include "xlsx/xlsx_test_support.h"

namespace bh::budget {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

json::object summarize(const fs::path& file) {
    return json::parse(xlsx::testing::xlsx_summary(file.string())).as_object();
}

ExportRow row(int i) {
    ExportRow r;
    r.id = "id-" + std::to_string(i);
    r.kind = "DEBIT";
    r.date_of_emission = std::chrono::year{2024} / 2 / 29;
    r.description = "Row <" + std::to_string(i) + "> & \"quotes\"";
    r.value_without_iva = Money::from_cents(10001 + i);
    r.iva_value = Money::from_cents(2300);
    r.iva_rate = Money::from_units(23);
    r.total_value = Money::from_cents(12301 + i);
    r.status = "SUCCEEDED";
    if (i % 2 == 0) r.supplier = "ACME";
    r.document_number = "DOC-" + std::to_string(i);
    return r;
}

class ExportWorkbookTest : public ::testing::Test {
  protected:
    void TearDown() override { fs::remove(file_); }
    fs::path file_ = fs::temp_directory_path() / ("bh-workbook-" + Uuid::v7().to_string() + ".xlsx");
};

TEST_F(ExportWorkbookTest, TypedCellsFrozenHeaderAutofilter) {
    ExportWorkbook workbook(file_, 4, 1);
    std::vector<ExportRow> rows = {row(0), row(1), row(2)};
    workbook.add_rows(rows);
    workbook.add_rows(std::vector<ExportRow>{row(3)});
    EXPECT_EQ(workbook.finish(), 4);
    const auto got = summarize(file_);
    EXPECT_EQ(got.at("sheet").as_string(), kExportSheetName);
    EXPECT_EQ(got.at("header").as_array().at(0).as_string(), "ID");
    EXPECT_EQ(got.at("header").as_array().at(13).as_string(), "Invoice Description");
    EXPECT_EQ(got.at("rows").as_int64(), 4);
    // 100.01+100.02+100.03+100.04, 4 x 23.00, 4 x 23 (rate), 123.01..123.04
    EXPECT_EQ(got.at("cents").as_array(), (json::array{40010, 9200, 9200, 49210}));
    EXPECT_TRUE(got.at("first_date_is_date").as_bool());
    const auto& first = got.at("first").as_array();
    EXPECT_EQ(first.at(2).as_string(), "2024-02-29 00:00:00");
    EXPECT_EQ(first.at(3).as_string(), "Row <0> & \"quotes\"");
    EXPECT_EQ(first.at(10).as_string(), "N/A");  // no subtype
    EXPECT_EQ(got.at("freeze").as_string(), "A2");
    EXPECT_EQ(got.at("autofilter").as_string(), "A1:N5");
    EXPECT_NE(std::string(got.at("money_format").as_string()).find("#,##0.00"), std::string::npos);
}

TEST_F(ExportWorkbookTest, NoRowsWritesTheNoDataLine) {
    ExportWorkbook workbook(file_, 0, 1);
    EXPECT_EQ(workbook.finish(), 0);
    const auto got = summarize(file_);
    EXPECT_EQ(got.at("rows").as_int64(), 0);
    EXPECT_EQ(got.at("first").as_array().at(0).as_string(), kNoDataText);
    EXPECT_TRUE(got.at("autofilter").is_null());
}

TEST_F(ExportWorkbookTest, UnwritableDestinationThrows) {
    EXPECT_ANY_THROW({
        ExportWorkbook workbook("/nonexistent-dir/x.xlsx", 0, 1);
        workbook.finish();
    });
}

TEST_F(ExportWorkbookTest, FewerRowsThanCountedIsAnError) {
    ExportWorkbook workbook(file_, 3, 1);
    workbook.add_rows(std::vector<ExportRow>{row(0), row(1)});
    EXPECT_ANY_THROW(workbook.finish());
}

}  // namespace
}  // namespace bh::budget
