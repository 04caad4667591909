#include "services/budget/invoices/file_type.h"

#include "core/error.h"

namespace bh::budget {

std::optional<FileType> detect_file_type(std::string_view bytes) {
    using namespace std::string_view_literals;
    if (bytes.starts_with("%PDF-"sv)) return FileType{"application/pdf", ".pdf"};
    if (bytes.starts_with("\x89PNG\r\n\x1A\n"sv)) return FileType{"image/png", ".png"};
    // SOI marker followed by the first segment's marker byte.
    if (bytes.size() >= 4 && bytes.starts_with("\xFF\xD8\xFF"sv)) return FileType{"image/jpeg", ".jpg"};
    return std::nullopt;
}

FileType require_supported_file_type(std::string_view bytes) {
    if (bytes.empty()) {
        throw AppError(ErrorKind::BadRequest, "EMPTY_FILE", "The file is empty")
            .with_fields({{"file", "is empty"}});
    }
    const auto type = detect_file_type(bytes);
    if (!type) {
        throw AppError(ErrorKind::BadRequest, "UNSUPPORTED_FILE_TYPE",
                       "Only PDF, PNG and JPEG files are accepted")
            .with_fields({{"file", "must be a PDF, PNG or JPEG file"}});
    }
    return *type;
}

}  // namespace bh::budget
