#include "db/time_text.h"

#include <charconv>
#include <cstdint>

namespace bh::db {

namespace {

using namespace std::chrono;

void append_padded(std::string& out, long long value, int width) {
    std::string digits = std::to_string(value);
    if (static_cast<int>(digits.size()) < width)
        out.append(static_cast<std::size_t>(width) - digits.size(), '0');
    out += digits;
}

// Reads exactly `width` digits from the front of `text`.
std::optional<int> take_digits(std::string_view& text, std::size_t width) {
    if (text.size() < width) return std::nullopt;
    int value = 0;
    for (std::size_t i = 0; i < width; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    text.remove_prefix(width);
    return value;
}

bool take_char(std::string_view& text, char expected) {
    if (text.empty() || text.front() != expected) return false;
    text.remove_prefix(1);
    return true;
}

std::optional<year_month_day> take_date(std::string_view& text) {
    const auto y = take_digits(text, 4);
    if (!y || !take_char(text, '-')) return std::nullopt;
    const auto m = take_digits(text, 2);
    if (!m || !take_char(text, '-')) return std::nullopt;
    const auto d = take_digits(text, 2);
    if (!d) return std::nullopt;
    const year_month_day date{year{*y}, month{static_cast<unsigned>(*m)}, day{static_cast<unsigned>(*d)}};
    if (!date.ok()) return std::nullopt;
    return date;
}

// "+HH", "+HH:MM", "+HH:MM:SS", "-..." or "Z"; returns the offset east of UTC.
std::optional<seconds> take_offset(std::string_view& text) {
    if (take_char(text, 'Z')) return seconds{0};
    if (text.empty() || (text.front() != '+' && text.front() != '-')) return std::nullopt;
    const int sign = text.front() == '-' ? -1 : 1;
    text.remove_prefix(1);
    const auto h = take_digits(text, 2);
    if (!h) return std::nullopt;
    int m = 0;
    int s = 0;
    if (take_char(text, ':')) {
        const auto mm = take_digits(text, 2);
        if (!mm) return std::nullopt;
        m = *mm;
        if (take_char(text, ':')) {
            const auto ss = take_digits(text, 2);
            if (!ss) return std::nullopt;
            s = *ss;
        }
    }
    if (*h > 15 || m > 59 || s > 59) return std::nullopt;
    return seconds{sign * (*h * 3600 + m * 60 + s)};
}

}  // namespace

std::string format_timestamp(system_clock::time_point at) {
    const auto micros = floor<microseconds>(at);
    const auto days_since_epoch = floor<days>(micros);
    const year_month_day date{days_since_epoch};
    const hh_mm_ss time{micros - days_since_epoch};
    std::string out = format_date(date);
    out.push_back('T');
    append_padded(out, time.hours().count(), 2);
    out.push_back(':');
    append_padded(out, time.minutes().count(), 2);
    out.push_back(':');
    append_padded(out, time.seconds().count(), 2);
    out.push_back('.');
    append_padded(out, time.subseconds().count(), 6);
    out.push_back('Z');
    return out;
}

std::optional<system_clock::time_point> parse_timestamp(std::string_view text) {
    const auto date = take_date(text);
    if (!date || !(take_char(text, ' ') || take_char(text, 'T'))) return std::nullopt;
    const auto h = take_digits(text, 2);
    if (!h || !take_char(text, ':')) return std::nullopt;
    const auto m = take_digits(text, 2);
    if (!m || !take_char(text, ':')) return std::nullopt;
    const auto s = take_digits(text, 2);
    if (!s || *h > 23 || *m > 59 || *s > 60) return std::nullopt;
    microseconds fraction{0};
    if (take_char(text, '.')) {
        std::size_t digits = 0;
        std::int64_t value = 0;
        while (!text.empty() && text.front() >= '0' && text.front() <= '9') {
            if (digits == 6) return std::nullopt;  // finer than PostgreSQL can store: not ours
            value = value * 10 + (text.front() - '0');
            ++digits;
            text.remove_prefix(1);
        }
        if (digits == 0) return std::nullopt;
        for (std::size_t i = digits; i < 6; ++i) value *= 10;
        fraction = microseconds{value};
    }
    seconds offset{0};
    if (!text.empty()) {
        const auto parsed = take_offset(text);
        if (!parsed || !text.empty()) return std::nullopt;
        offset = *parsed;
    }
    const auto local = sys_days{*date} + hours{*h} + minutes{*m} + seconds{*s} + fraction;
    const auto at = local - offset;
    // system_clock counts nanoseconds in an int64 (years 1677..2262 with libstdc++): a time outside
    // that range is no time_point at all (the cast below would overflow).
    if (at < time_point_cast<microseconds>(system_clock::time_point::min()) ||
        at > time_point_cast<microseconds>(system_clock::time_point::max()))
        return std::nullopt;
    return time_point_cast<system_clock::duration>(at);
}

std::string format_date(year_month_day date) {
    std::string out;
    out.reserve(32);
    append_padded(out, static_cast<int>(date.year()), 4);
    out.push_back('-');
    append_padded(out, static_cast<unsigned>(date.month()), 2);
    out.push_back('-');
    append_padded(out, static_cast<unsigned>(date.day()), 2);
    return out;
}

std::optional<year_month_day> parse_date(std::string_view text) {
    auto date = take_date(text);
    if (!date || !text.empty()) return std::nullopt;
    return date;
}

}  // namespace bh::db
