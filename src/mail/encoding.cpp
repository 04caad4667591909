#include "mail/encoding.h"

#include <array>
#include <cstdint>
#include <cstdio>

namespace bh::mail {

namespace {

constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::size_t kMaxLine = 76;

std::string base64(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const std::uint32_t n = (static_cast<std::uint8_t>(bytes[i]) << 16) |
                                (static_cast<std::uint8_t>(bytes[i + 1]) << 8) |
                                static_cast<std::uint8_t>(bytes[i + 2]);
        out += kBase64Alphabet[(n >> 18) & 63];
        out += kBase64Alphabet[(n >> 12) & 63];
        out += kBase64Alphabet[(n >> 6) & 63];
        out += kBase64Alphabet[n & 63];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        std::uint32_t n = static_cast<std::uint32_t>(static_cast<std::uint8_t>(bytes[i])) << 16;
        if (rest == 2) n |= static_cast<std::uint32_t>(static_cast<std::uint8_t>(bytes[i + 1])) << 8;
        out += kBase64Alphabet[(n >> 18) & 63];
        out += kBase64Alphabet[(n >> 12) & 63];
        out += rest == 2 ? kBase64Alphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

bool is_plain_header_text(std::string_view value) {
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7f) return false;
    }
    // "=?" could be read as the start of an encoded word.
    return value.find("=?") == std::string_view::npos;
}

// Length of the UTF-8 sequence starting with `lead` (1 for a stray continuation byte, so invalid
// input still advances).
std::size_t utf8_length(unsigned char lead) {
    if (lead >= 0xf0 && lead < 0xf8) return 4;
    if (lead >= 0xe0) return lead < 0xf0 ? 3 : 1;
    if (lead >= 0xc0) return 2;
    return 1;
}

}  // namespace

std::string base64_lines(std::string_view bytes) {
    const std::string encoded = base64(bytes);
    std::string out;
    out.reserve(encoded.size() + encoded.size() / kMaxLine * 2 + 2);
    for (std::size_t i = 0; i < encoded.size(); i += kMaxLine) {
        out.append(encoded, i, kMaxLine);
        out += "\r\n";
    }
    return out;
}

std::string quoted_printable(std::string_view text) {
    static constexpr std::string_view kHex = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    std::size_t column = 0;
    auto emit = [&](std::string_view token) {
        if (column + token.size() > kMaxLine - 1) {  // room for the soft break's '='
            out += "=\r\n";
            column = 0;
        }
        out += token;
        column += token.size();
    };
    auto escaped = [&](unsigned char c) {
        const std::array<char, 3> token{'=', kHex[c >> 4], kHex[c & 15]};
        emit(std::string_view(token.data(), token.size()));
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            out += "\r\n";
            column = 0;
            continue;
        }
        const bool at_line_end = i + 1 == text.size() || text[i + 1] == '\r' || text[i + 1] == '\n';
        const bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !at_line_end);
        if (!literal || (c == '.' && column == 0)) {
            escaped(c);
        } else {
            const char ch = static_cast<char>(c);
            emit(std::string_view(&ch, 1));
        }
    }
    return out;
}

std::string encode_header_text(std::string_view value, std::size_t used) {
    if (is_plain_header_text(value) && used + value.size() <= 78) return std::string(value);
    // Each word: "=?UTF-8?B?" + base64 + "?=" ≤ 75 characters → at most 45 bytes of UTF-8 (60 base64
    // characters), cut at a character boundary.
    constexpr std::size_t kMaxBytes = 45;
    std::string out;
    std::size_t start = 0;
    while (start < value.size()) {
        std::size_t end = start;
        while (end < value.size()) {
            const std::size_t next = end + utf8_length(static_cast<unsigned char>(value[end]));
            if (next - start > kMaxBytes) break;
            end = std::min(next, value.size());
        }
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + base64(value.substr(start, end - start)) + "?=";
        start = end;
    }
    return out;
}

std::string filename_parameter(std::string_view filename) {
    bool plain = true;
    for (char c : filename) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7f || c == '"' || c == '\\') plain = false;
    }
    if (plain && filename.size() <= 60) return "filename=\"" + std::string(filename) + "\"";
    static constexpr std::string_view kHex = "0123456789ABCDEF";
    std::string out = "filename*=UTF-8''";
    for (char c : filename) {
        const auto u = static_cast<unsigned char>(c);
        const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                                std::string_view("-._~").find(c) != std::string_view::npos;
        if (unreserved) {
            out += c;
        } else {
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 15];
        }
    }
    return out;
}

std::string rfc5322_date(std::chrono::system_clock::time_point at) {
    using namespace std::chrono;
    static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto day = floor<days>(at);
    const year_month_day date{day};
    const hh_mm_ss time{floor<seconds>(at - day)};
    std::array<char, 40> out{};
    std::snprintf(out.data(), out.size(), "%s, %02u %s %04d %02ld:%02ld:%02ld +0000",
                  kDays[weekday{day}.c_encoding()], static_cast<unsigned>(date.day()),
                  kMonths[static_cast<unsigned>(date.month()) - 1], static_cast<int>(date.year()),
                  static_cast<long>(time.hours().count()), static_cast<long>(time.minutes().count()),
                  static_cast<long>(time.seconds().count()));
    return out.data();
}

}  // namespace bh::mail
