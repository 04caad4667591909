#include "services/budget/export/export_workbook.h"

#include <xlsxwriter.h>

#include <array>
#include <string>

#include "core/error.h"

namespace bh::budget {

namespace {

constexpr std::array<const char*, 14> kHeaders = {"ID",
                                                  "Movement Type",
                                                  "Date of Emission",
                                                  "Description",
                                                  "Value Without IVA",
                                                  "IVA Value",
                                                  "IVA Rate",
                                                  "Total Value",
                                                  "Status",
                                                  "Supplier",
                                                  "Budget Subtype",
                                                  "Budget Type",
                                                  "Document Number",
                                                  "Invoice Description"};
constexpr std::array<double, 14> kWidths = {38, 14, 16, 40, 18, 14, 10, 16, 12, 28, 24, 24, 20, 40};

void check(lxw_error error, const char* what) {
    if (error != LXW_NO_ERROR) {
        throw internal(std::string("xlsx ") + what + ": " + lxw_strerror(error));
    }
}

const char* or_na(const std::optional<std::string>& text) {
    return text ? text->c_str() : "N/A";
}

}  // namespace

struct ExportWorkbook::Impl {
    lxw_workbook* workbook = nullptr;
    lxw_worksheet* sheet = nullptr;
    lxw_format* header = nullptr;
    lxw_format* date = nullptr;
    lxw_format* money = nullptr;
    lxw_format* rate = nullptr;
    std::string tmp_dir;
    bool closed = false;

    ~Impl() {
        if (!closed && workbook != nullptr)
            workbook_close(workbook);  // frees it; the caller removes the file
    }
};

ExportWorkbook::ExportWorkbook(const std::filesystem::path& path, const std::filesystem::path& tmp_dir)
    : impl_(std::make_unique<Impl>()) {
    impl_->tmp_dir = tmp_dir.string();
    lxw_workbook_options options = {};
    options.constant_memory = LXW_TRUE;
    options.tmpdir = impl_->tmp_dir.empty() ? nullptr : impl_->tmp_dir.data();
    options.use_zip64 = LXW_TRUE;  // reports of a few million rows pass 4 GB of uncompressed XML
    impl_->workbook = workbook_new_opt(path.c_str(), &options);
    if (impl_->workbook == nullptr) throw internal("xlsx: cannot create " + path.string());
    impl_->sheet = workbook_add_worksheet(impl_->workbook, kExportSheetName);
    if (impl_->sheet == nullptr) throw internal("xlsx: cannot add the worksheet");

    impl_->header = workbook_add_format(impl_->workbook);
    format_set_bold(impl_->header);
    format_set_bottom(impl_->header, LXW_BORDER_THIN);
    impl_->date = workbook_add_format(impl_->workbook);
    format_set_num_format(impl_->date, "yyyy-mm-dd");
    impl_->money = workbook_add_format(impl_->workbook);
    format_set_num_format(impl_->money, "#,##0.00 \"€\"");
    impl_->rate = workbook_add_format(impl_->workbook);
    format_set_num_format(impl_->rate, "0.00\"%\"");

    // Column layout and the header before any data row: constant-memory mode writes rows in order.
    for (std::size_t i = 0; i < kHeaders.size(); ++i) {
        const auto col = static_cast<lxw_col_t>(i);
        check(worksheet_set_column(impl_->sheet, col, col, kWidths[i], nullptr), "set_column");
        check(worksheet_write_string(impl_->sheet, 0, col, kHeaders[i], impl_->header), "header");
    }
    worksheet_freeze_panes(impl_->sheet, 1, 0);
}

ExportWorkbook::~ExportWorkbook() = default;

void ExportWorkbook::add_rows(std::span<const ExportRow> rows) {
    lxw_worksheet* sheet = impl_->sheet;
    for (const ExportRow& row : rows) {
        const auto r = static_cast<lxw_row_t>(rows_ + 1);
        const std::chrono::year_month_day& d = row.date_of_emission;
        lxw_datetime date = {static_cast<int>(d.year()),
                             static_cast<int>(static_cast<unsigned>(d.month())),
                             static_cast<int>(static_cast<unsigned>(d.day())),
                             0,
                             0,
                             0.0};
        check(worksheet_write_string(sheet, r, 0, row.id.c_str(), nullptr), "row");
        check(worksheet_write_string(sheet, r, 1, row.kind.c_str(), nullptr), "row");
        check(worksheet_write_datetime(sheet, r, 2, &date, impl_->date), "row");
        check(worksheet_write_string(sheet, r, 3, row.description.c_str(), nullptr), "row");
        // Cents to a double is exact below 2^53 cents; Excel holds numbers as doubles anyway.
        check(worksheet_write_number(sheet, r, 4, row.value_without_iva.to_double(), impl_->money), "row");
        check(worksheet_write_number(sheet, r, 5, row.iva_value.to_double(), impl_->money), "row");
        check(worksheet_write_number(sheet, r, 6, row.iva_rate.to_double(), impl_->rate), "row");
        check(worksheet_write_number(sheet, r, 7, row.total_value.to_double(), impl_->money), "row");
        check(worksheet_write_string(sheet, r, 8, row.status.c_str(), nullptr), "row");
        check(worksheet_write_string(sheet, r, 9, or_na(row.supplier), nullptr), "row");
        check(worksheet_write_string(sheet, r, 10, or_na(row.budget_subtype), nullptr), "row");
        check(worksheet_write_string(sheet, r, 11, or_na(row.budget_type), nullptr), "row");
        check(worksheet_write_string(sheet, r, 12, row.document_number.c_str(), nullptr), "row");
        check(worksheet_write_string(sheet, r, 13, or_na(row.invoice_description), nullptr), "row");
        ++rows_;
    }
}

std::int64_t ExportWorkbook::finish() {
    if (rows_ == 0) {
        check(worksheet_write_string(impl_->sheet, 1, 0, kNoDataText, nullptr), "no-data row");
    } else {
        check(worksheet_autofilter(impl_->sheet, 0, 0, static_cast<lxw_row_t>(rows_), kHeaders.size() - 1),
              "autofilter");
    }
    impl_->closed = true;
    check(workbook_close(impl_->workbook), "close");
    return rows_;
}

}  // namespace bh::budget
