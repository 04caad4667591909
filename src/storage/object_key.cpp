#include "storage/object_key.h"

#include "core/error.h"

namespace bh::storage {

namespace {

constexpr std::size_t kMaxKeyLength = 512;

bool is_key_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

bool is_valid_segment(std::string_view segment) {
    if (segment.empty() || segment == "." || segment == "..") return false;
    for (char c : segment) {
        if (!is_key_char(c)) return false;
    }
    return true;
}

}  // namespace

bool is_valid_object_key(std::string_view key) {
    if (key.empty() || key.size() > kMaxKeyLength) return false;
    std::size_t start = 0;
    while (true) {
        const auto slash = key.find('/', start);
        const auto segment =
            key.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        if (!is_valid_segment(segment)) return false;
        if (slash == std::string_view::npos) return true;
        start = slash + 1;
    }
}

void require_valid_object_key(std::string_view key) {
    if (!is_valid_object_key(key)) {
        throw AppError(ErrorKind::BadRequest, "INVALID_OBJECT_KEY", "Invalid object key",
                       "object key rejected: " + std::string(key.substr(0, 64)));
    }
}

}  // namespace bh::storage
