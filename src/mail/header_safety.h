#pragma once
// What may go into a mail header. Every value that reaches a header comes through these checks, so
// user data can never add a header line (CR/LF injection) or a second recipient.
#include <string_view>

namespace bh::mail {

// True when `value` holds no CR, LF or NUL (the characters that could end a header line).
bool is_single_line(std::string_view value);

// A plain addr-spec: local@domain, printable ASCII without spaces, quotes, angle brackets, commas
// or semicolons, at most 254 characters, one '@', a domain with a dot-separated label structure.
bool is_valid_address(std::string_view address);

// Throws AppError BadRequest (INVALID_MAIL_HEADER) naming `field` unless is_single_line(value).
void require_single_line(std::string_view field, std::string_view value);
// Throws AppError BadRequest (INVALID_EMAIL) naming `field` unless is_valid_address(address).
void require_valid_address(std::string_view field, std::string_view address);

}  // namespace bh::mail
