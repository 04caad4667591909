#include "core/json_text.h"

#include <array>
#include <charconv>
#include <cmath>
#include <string_view>

#include "core/logging.h"

namespace bh {

namespace json = boost::json;

namespace {

void append_string(std::string& out, std::string_view text) {
    out += '"';
    append_json_escaped(out, text);
    out += '"';
}

template <class Integer>
void append_integer(std::string& out, Integer value) {
    std::array<char, 24> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    out.append(buffer.data(), result.ptr);
}

// Shortest round-trip digits in fixed notation, then padded to at least two decimals.
void append_double(std::string& out, double value) {
    if (!std::isfinite(value)) {
        out += "null";
        return;
    }
    // 309 integer digits for the largest double, a sign, a point and 17 significant decimals.
    std::array<char, 352> buffer{};
    const auto result =
        std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed);
    const std::string_view digits(buffer.data(), static_cast<std::size_t>(result.ptr - buffer.data()));
    out.append(digits);
    const auto point = digits.find('.');
    if (point == std::string_view::npos) {
        out += ".00";
    } else if (digits.size() - point == 2) {
        out += '0';
    }
}

}  // namespace

json::value money_json(Money amount) {
    return amount.to_double();
}

void append_json_text(std::string& out, const json::value& value) {
    switch (value.kind()) {
        case json::kind::null:
            out += "null";
            return;
        case json::kind::bool_:
            out += value.get_bool() ? "true" : "false";
            return;
        case json::kind::int64:
            append_integer(out, value.get_int64());
            return;
        case json::kind::uint64:
            append_integer(out, value.get_uint64());
            return;
        case json::kind::double_:
            append_double(out, value.get_double());
            return;
        case json::kind::string:
            append_string(out, value.get_string());
            return;
        case json::kind::array: {
            out += '[';
            bool first = true;
            for (const auto& item : value.get_array()) {
                if (!first) out += ',';
                first = false;
                append_json_text(out, item);
            }
            out += ']';
            return;
        }
        case json::kind::object: {
            out += '{';
            bool first = true;
            for (const auto& member : value.get_object()) {
                if (!first) out += ',';
                first = false;
                append_string(out, member.key());
                out += ':';
                append_json_text(out, member.value());
            }
            out += '}';
            return;
        }
    }
}

std::string json_text(const json::value& value) {
    std::string out;
    out.reserve(256);
    append_json_text(out, value);
    return out;
}

}  // namespace bh
