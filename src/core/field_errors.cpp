// Field errors: see field_errors.h.
#include "core/field_errors.h"

namespace bh {

std::optional<std::string> FieldErrors::text(std::string_view field, std::string_view raw,
                                             std::size_t max_length) {
    const auto text = trimmed(raw);
    if (text.empty()) return std::nullopt;
    if (text.size() > max_length) {
        add(field, "must be at most " + std::to_string(max_length) + " characters");
        return std::nullopt;
    }
    if (has_control_characters(text)) {
        add(field, "must not contain control characters");
        return std::nullopt;
    }
    return std::string(text);
}

void FieldErrors::throw_if_any(std::string_view what) const {
    if (errors_.empty()) return;
    std::string message(what);
    message += ": ";
    for (std::size_t i = 0; i < errors_.size(); ++i) {
        if (i > 0) message += ", ";
        message += errors_[i].field + " " + errors_[i].message;
    }
    throw bad_request(std::move(message)).with_fields(errors_);
}

std::string_view trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

bool has_control_characters(std::string_view text) {
    for (const char c : text) {
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') return true;
    }
    return false;
}

}  // namespace bh
