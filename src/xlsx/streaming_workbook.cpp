#include "xlsx/streaming_workbook.h"

#include <minizip/zip.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <system_error>

#include "core/error.h"
#include "core/markup_escape.h"

namespace bh::xlsx {

namespace {

constexpr std::string_view kXmlDeclaration = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
                                             "\n";
constexpr std::string_view kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr std::string_view kRelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr std::size_t kFlushBytes = std::size_t{256} * 1024;

std::string content_types() {
    return std::string(kXmlDeclaration) +
           R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
           R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
           R"(<Default Extension="xml" ContentType="application/xml"/>)"
           R"(<Override PartName="/xl/workbook.xml" )"
           R"(ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>)"
           R"(<Override PartName="/xl/styles.xml" )"
           R"(ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>)"
           R"(<Override PartName="/xl/worksheets/sheet1.xml" )"
           R"(ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>)"
           "</Types>";
}

std::string package_relationships() {
    return std::string(kXmlDeclaration) +
           R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
           R"(<Relationship Id="rId1" )"
           R"(Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" )"
           R"(Target="xl/workbook.xml"/></Relationships>)";
}

std::string workbook_relationships() {
    return std::string(kXmlDeclaration) +
           R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
           R"(<Relationship Id="rId1" )"
           R"(Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" )"
           R"(Target="worksheets/sheet1.xml"/>)"
           R"(<Relationship Id="rId2" )"
           R"(Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" )"
           R"(Target="styles.xml"/></Relationships>)";
}

void append_number(std::string& out, std::int64_t value) {
    std::array<char, 24> digits{};
    const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), value).ptr;
    out.append(digits.data(), end);
}

std::string styles(const std::vector<std::string>& number_formats) {
    std::string out(kXmlDeclaration);
    out += R"(<styleSheet xmlns=")";
    out += kMainNs;
    out += R"(">)";
    if (!number_formats.empty()) {
        out += R"(<numFmts count=")";
        append_number(out, static_cast<std::int64_t>(number_formats.size()));
        out += R"(">)";
        for (std::size_t i = 0; i < number_formats.size(); ++i) {
            out += R"(<numFmt numFmtId=")";
            append_number(out, static_cast<std::int64_t>(164 + i));  // the first id of custom formats
            out += R"(" formatCode=")";
            append_markup_escaped(out, number_formats[i]);
            out += R"("/>)";
        }
        out += "</numFmts>";
    }
    out +=
        R"(<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>)"
        R"(<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>)"
        R"(<fills count="2"><fill><patternFill patternType="none"/></fill>)"
        R"(<fill><patternFill patternType="gray125"/></fill></fills>)"
        R"(<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>)"
        R"(<border><left/><right/><top/><bottom style="thin"><color auto="1"/></bottom><diagonal/></border>)"
        R"(</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>)"
        R"(</cellStyleXfs><cellXfs count=")";
    append_number(out, static_cast<std::int64_t>(2 + number_formats.size()));
    out += R"("><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>)"
           R"(<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1"/>)";
    for (std::size_t i = 0; i < number_formats.size(); ++i) {
        out += R"(<xf numFmtId=")";
        append_number(out, static_cast<std::int64_t>(164 + i));
        out += R"(" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>)";
    }
    out += R"(</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>)"
           "</styleSheet>";
    return out;
}

// 'Sheet''s name'!$A$1:$N$5
std::string filter_range(std::string_view sheet, std::size_t columns, std::int64_t rows) {
    std::string out = "'";
    for (const char c : sheet) {
        out += c;
        if (c == '\'') out += '\'';
    }
    out += "'!$A$1:$" + column_name(columns - 1) + "$" + std::to_string(rows);
    return out;
}

std::string workbook(std::string_view sheet, std::optional<std::string> filter) {
    std::string out(kXmlDeclaration);
    out += R"(<workbook xmlns=")";
    out += kMainNs;
    out += R"(" xmlns:r=")";
    out += kRelNs;
    out += R"("><bookViews><workbookView/></bookViews><sheets><sheet name=")";
    append_markup_escaped(out, sheet);
    out += R"(" sheetId="1" r:id="rId1"/></sheets>)";
    if (filter) {
        out += R"(<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">)";
        append_escaped(out, *filter);
        out += "</definedName></definedNames>";
    }
    out += "</workbook>";
    return out;
}

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

void append_hex_escape(std::string& out, unsigned value) {
    constexpr std::string_view kHex = "0123456789ABCDEF";
    out += "_x00";
    out += kHex[(value >> 4) & 0xF];
    out += kHex[value & 0xF];
    out += '_';
}

}  // namespace

struct StreamingWorkbook::Zip {
    zipFile file = nullptr;
    int compression = 1;

    ~Zip() {
        if (file != nullptr) zipClose(file, nullptr);
    }

    static void check(int status, std::string_view what) {
        if (status != ZIP_OK) {
            const std::string cause = status == ZIP_ERRNO ? std::system_category().message(errno)
                                                          : "error " + std::to_string(status);
            throw internal("xlsx: " + std::string(what) + ": " + cause);
        }
    }

    void open_part(const char* name, bool large) {
        zip_fileinfo info{};
        info.tmz_date.tm_year = 1980;  // a fixed date: the same rows give the same file
        info.tmz_date.tm_mday = 1;
        check(zipOpenNewFileInZip64(file, name, &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                                    compression, large ? 1 : 0),
              name);
    }

    void write(std::string_view bytes) {
        while (!bytes.empty()) {
            const auto n = static_cast<unsigned>(std::min<std::size_t>(bytes.size(), 1U << 30));
            check(zipWriteInFileInZip(file, bytes.data(), n), "write");
            bytes.remove_prefix(n);
        }
    }

    void part(const char* name, std::string_view bytes) {
        open_part(name, false);
        write(bytes);
        check(zipCloseFileInZip(file), name);
    }
};

std::string column_name(std::size_t column) {
    std::string name;
    for (std::size_t n = column + 1; n > 0; n = (n - 1) / 26) {
        name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
    }
    return name;
}

std::optional<std::int64_t> excel_serial_day(std::chrono::year_month_day date) {
    using namespace std::chrono;
    const sys_days day{date};
    if (day < sys_days{year{1900} / January / 1}) return std::nullopt;
    // Excel counts 1900-02-29, which did not exist: from March 1900 on, day 0 is 1899-12-30.
    const sys_days epoch = day < sys_days{year{1900} / March / 1} ? sys_days{year{1899} / December / 31}
                                                                  : sys_days{year{1899} / December / 30};
    return (day - epoch).count();
}

void append_escaped(std::string& out, std::string_view text) {
    // The bytes that need a look: & < > _ and the C0 controls. Runs of the others go in one append.
    static constexpr auto kSpecial = [] {
        std::array<bool, 256> special{};
        for (unsigned c = 0; c < 0x20; ++c) special[c] = c != '\t' && c != '\n' && c != '\r';
        special['&'] = special['<'] = special['>'] = special['_'] = true;
        return special;
    }();
    std::size_t run = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (!kSpecial[static_cast<unsigned char>(c)]) continue;
        out.append(text.data() + run, i - run);
        run = i + 1;
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '_':
                // A literal _xHHHH_ would be read back as one character: escape its underscore.
                if (i + 6 < text.size() && text[i + 1] == 'x' && is_hex(text[i + 2]) && is_hex(text[i + 3]) &&
                    is_hex(text[i + 4]) && is_hex(text[i + 5]) && text[i + 6] == '_') {
                    out += "_x005F_";
                } else {
                    out += c;
                }
                break;
            default:
                append_hex_escape(out, static_cast<unsigned char>(c));
        }
    }
    out.append(text.data() + run, text.size() - run);
}

StreamingWorkbook::StreamingWorkbook(const std::filesystem::path& path, SheetLayout layout, int compression)
    : zip_(std::make_unique<Zip>()), layout_(std::move(layout)) {
    if (compression < 1 || compression > 9) throw internal("xlsx: compression level out of 1..9");
    if (layout_.rows < 0 || layout_.rows > kMaxRows) throw internal("xlsx: more rows than Excel's 1,048,576");
    if (layout_.sheet_name.empty() || layout_.sheet_name.size() > 31 ||
        layout_.sheet_name.find_first_of(":\\/?*[]") != std::string::npos) {
        throw internal("xlsx: invalid sheet name");
    }
    zip_->compression = compression;
    zip_->file = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
    if (zip_->file == nullptr) {
        throw internal("xlsx: cannot create " + path.string() + ": " + std::system_category().message(errno));
    }
    zip_->part("[Content_Types].xml", content_types());
    zip_->part("_rels/.rels", package_relationships());
    zip_->part("xl/_rels/workbook.xml.rels", workbook_relationships());
    zip_->part("xl/styles.xml", styles(layout_.number_formats));

    zip_->open_part("xl/worksheets/sheet1.xml", true);  // ZIP64: a few million rows pass 4 GB of XML
    buffer_.reserve(kFlushBytes + std::size_t{64} * 1024);
    buffer_ += kXmlDeclaration;
    buffer_ += R"(<worksheet xmlns=")";
    buffer_ += kMainNs;
    buffer_ += R"(" xmlns:r=")";
    buffer_ += kRelNs;
    buffer_ += R"(">)";
    if (layout_.rows > 0 && !layout_.column_widths.empty()) {
        buffer_ += R"(<dimension ref="A1:)" + column_name(layout_.column_widths.size() - 1) +
                   std::to_string(layout_.rows) + R"("/>)";
    }
    if (layout_.freeze_first_row) {
        buffer_ += R"(<sheetViews><sheetView tabSelected="1" workbookViewId="0">)"
                   R"(<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>)"
                   R"(<selection pane="bottomLeft"/></sheetView></sheetViews>)";
    }
    buffer_ += R"(<sheetFormatPr defaultRowHeight="15"/>)";
    if (!layout_.column_widths.empty()) {
        buffer_ += "<cols>";
        for (std::size_t i = 0; i < layout_.column_widths.size(); ++i) {
            const auto index = std::to_string(i + 1);
            // Excel stores a width with the cell padding of its default font (5 pixels of 7).
            const std::string width = std::to_string(layout_.column_widths[i] + 0.7109375);
            buffer_.append(R"(<col min=")").append(index).append(R"(" max=")").append(index);
            buffer_.append(R"(" width=")").append(width).append(R"(" customWidth="1"/>)");
        }
        buffer_ += "</cols>";
    }
    buffer_ += "<sheetData>";
}

StreamingWorkbook::~StreamingWorkbook() = default;

void StreamingWorkbook::begin_row() {
    if (in_row_) throw internal("xlsx: begin_row inside a row");
    if (rows_ >= kMaxRows) throw internal("xlsx: more rows than Excel's 1,048,576");
    in_row_ = true;
    column_ = 0;
    ++rows_;
    buffer_ += R"(<row r=")";
    append_number(buffer_, rows_);
    buffer_ += R"(">)";
}

void StreamingWorkbook::open_cell(StyleId style, std::string_view type) {
    if (!in_row_) throw internal("xlsx: a cell outside a row");
    if (column_ >= kMaxColumns) throw internal("xlsx: more columns than Excel's 16,384");
    if (style >= number_style(layout_.number_formats.size())) throw internal("xlsx: unknown style");
    buffer_ += R"(<c r=")";
    if (column_ < 26) {
        buffer_ += static_cast<char>('A' + column_);
    } else {
        buffer_ += column_name(column_);
    }
    append_number(buffer_, rows_);
    buffer_ += '"';
    if (style != kPlain) {
        buffer_ += R"( s=")";
        append_number(buffer_, style);
        buffer_ += '"';
    }
    if (!type.empty()) {
        buffer_ += R"( t=")";
        buffer_ += type;
        buffer_ += '"';
    }
    buffer_ += '>';
    ++column_;
}

void StreamingWorkbook::text(std::string_view value, StyleId style) {
    if (value.size() > kMaxTextBytes) throw internal("xlsx: a text longer than Excel's 32,767 characters");
    open_cell(style, "inlineStr");
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    const bool keep_spaces = !value.empty() && (space(value.front()) || space(value.back()));
    buffer_ += keep_spaces ? R"(<is><t xml:space="preserve">)" : "<is><t>";
    append_escaped(buffer_, value);
    buffer_ += "</t></is></c>";
}

void StreamingWorkbook::number(Money value, StyleId style) {
    open_cell(style, {});
    buffer_ += "<v>";
    const std::int64_t cents = value.cents();
    if (cents < 0) buffer_ += '-';
    // |INT64_MIN| does not fit: take the digits from the unsigned value.
    const std::uint64_t magnitude =
        cents < 0 ? ~static_cast<std::uint64_t>(cents) + 1 : static_cast<std::uint64_t>(cents);
    std::array<char, 24> digits{};
    const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), magnitude / 100).ptr;
    buffer_.append(digits.data(), end);
    const auto fraction = static_cast<unsigned>(magnitude % 100);
    buffer_ += '.';
    buffer_ += static_cast<char>('0' + fraction / 10);
    buffer_ += static_cast<char>('0' + fraction % 10);
    buffer_ += "</v></c>";
}

void StreamingWorkbook::date(std::chrono::year_month_day value, StyleId style) {
    const auto serial = excel_serial_day(value);
    if (!serial) {  // Excel has no number for it: the date as text (ISO 8601)
        char text[16];
        std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(value.year()),
                      static_cast<unsigned>(value.month()), static_cast<unsigned>(value.day()));
        this->text(text, kPlain);
        return;
    }
    open_cell(style, {});
    buffer_ += "<v>";
    append_number(buffer_, *serial);
    buffer_ += "</v></c>";
}

void StreamingWorkbook::end_row() {
    if (!in_row_) throw internal("xlsx: end_row outside a row");
    in_row_ = false;
    widest_ = std::max(widest_, column_);
    buffer_ += "</row>";
    if (buffer_.size() >= kFlushBytes) flush();
}

void StreamingWorkbook::flush() {
    zip_->write(buffer_);
    buffer_.clear();
}

void StreamingWorkbook::close(bool autofilter) {
    if (in_row_) throw internal("xlsx: close inside a row");
    if (layout_.rows > 0 && rows_ != layout_.rows) {
        throw internal("xlsx: " + std::to_string(rows_) + " rows written, " + std::to_string(layout_.rows) +
                       " announced");
    }
    buffer_ += "</sheetData>";
    std::optional<std::string> filter;
    if (autofilter && rows_ > 0 && widest_ > 0) {
        buffer_ += R"(<autoFilter ref="A1:)" + column_name(widest_ - 1) + std::to_string(rows_) + R"("/>)";
        filter = filter_range(layout_.sheet_name, widest_, rows_);
    }
    buffer_ += R"(<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>)"
               "</worksheet>";
    flush();
    Zip::check(zipCloseFileInZip(zip_->file), "sheet");
    zip_->part("xl/workbook.xml", workbook(layout_.sheet_name, filter));
    const int status = zipClose(zip_->file, nullptr);
    zip_->file = nullptr;
    Zip::check(status, "close");
}

}  // namespace bh::xlsx
