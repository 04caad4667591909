#pragma once
// base64url without padding (RFC 4648 §5, as JOSE uses it). Decoding is strict: no padding, no
// whitespace, no characters of the standard alphabet, and unused trailing bits must be zero, so
// every byte string has exactly one accepted encoding (no malleable tokens).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace bh {

std::string base64url_encode(std::span<const std::uint8_t> bytes);
std::string base64url_encode(std::string_view bytes);
// Appends the encoding of bytes to out (lets callers build "a.b.c" with one allocation).
void base64url_encode_append(std::span<const std::uint8_t> bytes, std::string& out);

// Decoded size of an encoding of this length; nullopt when no valid encoding has this length.
std::optional<std::size_t> base64url_decoded_size(std::size_t encoded_size);

// nullopt when text is not a canonical unpadded base64url encoding.
std::optional<std::string> base64url_decode(std::string_view text);
// Allocation-free variant: decodes into out and returns the number of bytes written; nullopt when
// text is invalid or out is too small.
std::optional<std::size_t> base64url_decode_into(std::string_view text, std::span<std::uint8_t> out);

}  // namespace bh
