#pragma once
// Standard base64 (RFC 4648 §4, with padding), as the contract's fileBase64 and the base64 upload
// use it. Decoding is strict except that ASCII whitespace is skipped (line-wrapped input).
#include <optional>
#include <string>
#include <string_view>

namespace bh::budget {

std::string base64_encode(std::string_view bytes);
// nullopt for invalid characters, wrong padding or a bad length.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace bh::budget
