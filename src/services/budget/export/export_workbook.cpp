#include "services/budget/export/export_workbook.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "xlsx/streaming_workbook.h"

namespace bh::budget {

namespace {

constexpr std::array<std::string_view, 14> kHeaders = {"ID",
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

// The number formats of the layout, in this order: their styles are xlsx::number_style(index).
constexpr xlsx::StyleId kDate = xlsx::number_style(0);
constexpr xlsx::StyleId kEuro = xlsx::number_style(1);
constexpr xlsx::StyleId kPercent = xlsx::number_style(2);

xlsx::SheetLayout layout(std::int64_t data_rows) {
    xlsx::SheetLayout out;
    out.sheet_name = kExportSheetName;
    out.column_widths = {38, 14, 16, 40, 18, 14, 10, 16, 12, 28, 24, 24, 20, 40};
    out.number_formats = {"yyyy-mm-dd", "#,##0.00 \"€\"", "0.00\"%\""};
    out.freeze_first_row = true;
    out.rows = 1 + std::max<std::int64_t>(data_rows, 1);  // the header; the no-data line when none
    return out;
}

std::string_view or_na(const std::optional<std::string>& text) {
    return text ? std::string_view(*text) : std::string_view("N/A");
}

}  // namespace

ExportWorkbook::ExportWorkbook(const std::filesystem::path& path, std::int64_t data_rows, int compression)
    : sheet_(std::make_unique<xlsx::StreamingWorkbook>(path, layout(data_rows), compression)) {
    sheet_->begin_row();
    for (const std::string_view header : kHeaders) sheet_->text(header, xlsx::kHeader);
    sheet_->end_row();
}

ExportWorkbook::~ExportWorkbook() = default;

void ExportWorkbook::add_rows(std::span<const ExportRow> rows) {
    xlsx::StreamingWorkbook& sheet = *sheet_;
    for (const ExportRow& row : rows) {
        sheet.begin_row();
        sheet.text(row.id);
        sheet.text(row.kind);
        sheet.date(row.date_of_emission, kDate);
        sheet.text(row.description);
        sheet.number(row.value_without_iva, kEuro);
        sheet.number(row.iva_value, kEuro);
        sheet.number(row.iva_rate, kPercent);
        sheet.number(row.total_value, kEuro);
        sheet.text(row.status);
        sheet.text(or_na(row.supplier));
        sheet.text(or_na(row.budget_subtype));
        sheet.text(or_na(row.budget_type));
        sheet.text(row.document_number);
        sheet.text(or_na(row.invoice_description));
        sheet.end_row();
        ++rows_;
    }
}

std::int64_t ExportWorkbook::finish() {
    if (rows_ == 0) {
        sheet_->begin_row();
        sheet_->text(kNoDataText);
        sheet_->end_row();
    }
    sheet_->close(rows_ > 0);
    return rows_;
}

}  // namespace bh::budget
