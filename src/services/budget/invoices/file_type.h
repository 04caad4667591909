#pragma once
// What an uploaded invoice file really is, from its first bytes (never from the name or the
// client's Content-Type): PDF, PNG or JPEG; anything else is refused.
#include <optional>
#include <string_view>

namespace bh::budget {

struct FileType {
    std::string_view content_type;  // "application/pdf"
    std::string_view extension;     // ".pdf"
};

std::optional<FileType> detect_file_type(std::string_view bytes);

// Throws AppError BadRequest UNSUPPORTED_FILE_TYPE unless detect_file_type() knows the bytes.
FileType require_supported_file_type(std::string_view bytes);

}  // namespace bh::budget
