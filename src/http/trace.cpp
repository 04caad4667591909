#include "http/trace.h"

#include "core/fast_random.h"
#include "core/uuid.h"

namespace bh::http {

namespace {

bool is_lower_hex(std::string_view s) {
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

bool all_zero(std::string_view s) {
    return s.find_first_not_of('0') == std::string_view::npos;
}

std::string random_hex(std::size_t bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::uint8_t buffer[16];
    fast_random_fill(buffer, bytes);
    std::string out;
    for (std::size_t i = 0; i < bytes; ++i) {
        out.push_back(kHex[buffer[i] >> 4]);
        out.push_back(kHex[buffer[i] & 0xf]);
    }
    return out;
}

}  // namespace

std::string request_id_from(std::string_view incoming) {
    const bool usable =
        !incoming.empty() && incoming.size() <= 128 &&
        incoming.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:") ==
            std::string_view::npos;
    return usable ? std::string(incoming) : Uuid::v7().to_string();
}

bool is_valid_traceparent(std::string_view v) {
    // 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>
    return v.size() == 55 && v.substr(0, 3) == "00-" && v[35] == '-' && v[52] == '-' &&
           is_lower_hex(v.substr(3, 32)) && is_lower_hex(v.substr(36, 16)) && is_lower_hex(v.substr(53, 2)) &&
           !all_zero(v.substr(3, 32)) && !all_zero(v.substr(36, 16));
}

std::string next_traceparent(std::string_view incoming) {
    if (is_valid_traceparent(incoming)) {
        return "00-" + std::string(incoming.substr(3, 32)) + "-" + random_hex(8) + "-" +
               std::string(incoming.substr(53, 2));
    }
    return "00-" + random_hex(16) + "-" + random_hex(8) + "-01";
}

}  // namespace bh::http
