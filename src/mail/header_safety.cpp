#include "mail/header_safety.h"

#include <algorithm>
#include <string>

#include "core/error.h"

namespace bh::mail {

bool is_single_line(std::string_view value) {
    return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

namespace {

bool is_atom_char(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return false;  // controls, space, DEL, non-ASCII
    return std::string_view("\"(),:;<>[\\]@").find(c) == std::string_view::npos;
}

bool is_valid_domain(std::string_view domain) {
    if (domain.empty() || domain.size() > 253) return false;
    std::size_t start = 0;
    while (true) {
        const auto dot = domain.find('.', start);
        const auto label =
            domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
        const bool ok = std::all_of(label.begin(), label.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        });
        if (!ok) return false;
        if (dot == std::string_view::npos) return true;
        start = dot + 1;
    }
}

}  // namespace

bool is_valid_address(std::string_view address) {
    if (address.size() > 254) return false;
    const auto at = address.find('@');
    if (at == std::string_view::npos || at == 0 || address.find('@', at + 1) != std::string_view::npos) {
        return false;
    }
    const auto local = address.substr(0, at);
    if (local.size() > 64 || local.front() == '.' || local.back() == '.' ||
        local.find("..") != std::string_view::npos) {
        return false;
    }
    if (!std::all_of(local.begin(), local.end(), is_atom_char)) return false;
    return is_valid_domain(address.substr(at + 1));
}

void require_single_line(std::string_view field, std::string_view value) {
    if (is_single_line(value)) return;
    const std::string message = std::string(field) + " must not contain line breaks";
    throw bad_request(message, "INVALID_MAIL_HEADER").with_fields({{std::string(field), message}});
}

void require_valid_address(std::string_view field, std::string_view address) {
    if (is_valid_address(address)) return;
    const std::string message = std::string(field) + " is not a valid e-mail address";
    throw bad_request(message, "INVALID_EMAIL").with_fields({{std::string(field), message}});
}

}  // namespace bh::mail
