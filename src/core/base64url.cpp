#include "core/base64url.h"

#include <array>

namespace bh {

namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::uint8_t kInvalid = 0xFF;

constexpr std::array<std::uint8_t, 256> make_decode_table() {
    std::array<std::uint8_t, 256> table{};
    table.fill(kInvalid);
    for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
        table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::uint8_t>(i);
    }
    return table;
}

constexpr std::array<std::uint8_t, 256> kDecode = make_decode_table();

std::uint8_t sextet(char c) {
    return kDecode[static_cast<unsigned char>(c)];
}

}  // namespace

void base64url_encode_append(std::span<const std::uint8_t> bytes, std::string& out) {
    out.reserve(out.size() + (bytes.size() * 4 + 2) / 3);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t v =
            (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
        out.push_back(kAlphabet[(v >> 18) & 0x3F]);
        out.push_back(kAlphabet[(v >> 12) & 0x3F]);
        out.push_back(kAlphabet[(v >> 6) & 0x3F]);
        out.push_back(kAlphabet[v & 0x3F]);
    }
    const std::size_t rest = bytes.size() - i;
    if (rest == 1) {
        const std::uint32_t v = std::uint32_t{bytes[i]} << 16;
        out.push_back(kAlphabet[(v >> 18) & 0x3F]);
        out.push_back(kAlphabet[(v >> 12) & 0x3F]);
    } else if (rest == 2) {
        const std::uint32_t v = (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8);
        out.push_back(kAlphabet[(v >> 18) & 0x3F]);
        out.push_back(kAlphabet[(v >> 12) & 0x3F]);
        out.push_back(kAlphabet[(v >> 6) & 0x3F]);
    }
}

std::string base64url_encode(std::span<const std::uint8_t> bytes) {
    std::string out;
    base64url_encode_append(bytes, out);
    return out;
}

std::string base64url_encode(std::string_view bytes) {
    return base64url_encode(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
}

std::optional<std::size_t> base64url_decoded_size(std::size_t encoded_size) {
    const std::size_t rest = encoded_size % 4;
    if (rest == 1) return std::nullopt;  // one sextet cannot carry a whole byte
    return encoded_size / 4 * 3 + (rest == 0 ? 0 : rest - 1);
}

std::optional<std::size_t> base64url_decode_into(std::string_view text, std::span<std::uint8_t> out) {
    const auto size = base64url_decoded_size(text.size());
    if (!size || *size > out.size()) return std::nullopt;
    std::size_t i = 0;
    std::size_t o = 0;
    for (; i + 4 <= text.size(); i += 4) {
        const std::uint8_t a = sextet(text[i]), b = sextet(text[i + 1]), c = sextet(text[i + 2]),
                           d = sextet(text[i + 3]);
        if ((a | b | c | d) & 0xC0) return std::nullopt;
        const std::uint32_t v =
            (std::uint32_t{a} << 18) | (std::uint32_t{b} << 12) | (std::uint32_t{c} << 6) | d;
        out[o++] = static_cast<std::uint8_t>(v >> 16);
        out[o++] = static_cast<std::uint8_t>(v >> 8);
        out[o++] = static_cast<std::uint8_t>(v);
    }
    const std::size_t rest = text.size() - i;
    if (rest == 2) {
        const std::uint8_t a = sextet(text[i]), b = sextet(text[i + 1]);
        if ((a | b) & 0xC0) return std::nullopt;
        if (b & 0x0F) return std::nullopt;  // non-zero unused bits: a second spelling of the same bytes
        out[o++] = static_cast<std::uint8_t>((a << 2) | (b >> 4));
    } else if (rest == 3) {
        const std::uint8_t a = sextet(text[i]), b = sextet(text[i + 1]), c = sextet(text[i + 2]);
        if ((a | b | c) & 0xC0) return std::nullopt;
        if (c & 0x03) return std::nullopt;
        out[o++] = static_cast<std::uint8_t>((a << 2) | (b >> 4));
        out[o++] = static_cast<std::uint8_t>(((b & 0x0F) << 4) | (c >> 2));
    }
    return o;
}

std::optional<std::string> base64url_decode(std::string_view text) {
    const auto size = base64url_decoded_size(text.size());
    if (!size) return std::nullopt;
    std::string out(*size, '\0');
    if (!base64url_decode_into(text, std::span(reinterpret_cast<std::uint8_t*>(out.data()), out.size()))) {
        return std::nullopt;
    }
    return out;
}

}  // namespace bh
