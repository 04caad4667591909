#include "core/uuid.h"

#include <atomic>
#include <cstring>
#include <mutex>
#include <stdexcept>

#include "core/clock.h"
#include "core/fast_random.h"

namespace bh {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

struct V7State {
    std::mutex mutex;
    std::uint64_t last_ms = 0;
    std::uint16_t counter = 0;
};

}  // namespace

Uuid Uuid::v7() {
    return v7(system_clock());
}

Uuid Uuid::v7(const Clock& clock) {
    static V7State state;
    Bytes b{};
    fast_random_fill(b.data(), b.size());
    auto ms = static_cast<std::uint64_t>(clock.unix_millis());
    std::uint16_t counter = 0;
    {
        std::lock_guard lock(state.mutex);
        if (ms <= state.last_ms) {
            ms = state.last_ms;  // clock went back or same ms: stay monotonic
            if (++state.counter > 0x0fff) {
                ++ms;  // counter exhausted: borrow the next millisecond
                state.counter = 0;
            }
        } else {
            state.counter = static_cast<std::uint16_t>((b[6] << 4 | b[7] >> 4) & 0x01ff);  // random start
        }
        state.last_ms = ms;
        counter = state.counter;
    }
    for (int i = 0; i < 6; ++i) b[i] = static_cast<std::uint8_t>(ms >> (8 * (5 - i)));
    b[6] = static_cast<std::uint8_t>(0x70 | (counter >> 8));
    b[7] = static_cast<std::uint8_t>(counter & 0xff);
    b[8] = static_cast<std::uint8_t>(0x80 | (b[8] & 0x3f));
    return Uuid(b);
}

std::optional<Uuid> Uuid::parse(std::string_view text) {
    if (text.size() != 36) return std::nullopt;
    Bytes b{};
    std::size_t out = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (text[i] != '-') return std::nullopt;
            ++i;
            continue;
        }
        const int hi = hex_value(text[i]);
        const int lo = hex_value(text[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        b[out++] = static_cast<std::uint8_t>(hi << 4 | lo);
        i += 2;
    }
    return Uuid(b);
}

std::string Uuid::to_string() const {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < bytes_.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
        out.push_back(kHex[bytes_[i] >> 4]);
        out.push_back(kHex[bytes_[i] & 0x0f]);
    }
    return out;
}

bool Uuid::is_nil() const {
    for (auto byte : bytes_) {
        if (byte != 0) return false;
    }
    return true;
}

}  // namespace bh

std::size_t std::hash<bh::Uuid>::operator()(const bh::Uuid& id) const noexcept {
    std::uint64_t hi = 0;
    std::uint64_t lo = 0;
    std::memcpy(&hi, id.bytes().data(), 8);
    std::memcpy(&lo, id.bytes().data() + 8, 8);
    return static_cast<std::size_t>(hi ^ (lo * 0x9E3779B97F4A7C15ULL));
}
