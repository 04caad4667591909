#include "services/auth/client_address.h"

#include <algorithm>

namespace bh::auth {

namespace {

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

// "::ffff:127.0.0.1" (an IPv4 peer on a dual-stack socket) compares as "127.0.0.1".
std::string_view unmapped(std::string_view address) {
    constexpr std::string_view kMapped = "::ffff:";
    if (address.size() > kMapped.size() && address.substr(0, kMapped.size()) == kMapped &&
        address.find('.') != std::string_view::npos)
        return address.substr(kMapped.size());
    return address;
}

bool is_trusted(std::string_view address, const std::vector<std::string>& trusted) {
    address = unmapped(address);
    return std::find(trusted.begin(), trusted.end(), address) != trusted.end();
}

}  // namespace

std::vector<std::string> parse_address_list(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        const auto comma = text.find(',');
        const auto item = trim(text.substr(0, comma));
        if (!item.empty()) out.emplace_back(item);
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return out;
}

std::string client_address(std::string_view remote_address, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies) {
    if (!is_trusted(remote_address, trusted_proxies)) return std::string(unmapped(remote_address));
    const auto hops = parse_address_list(forwarded_for);
    // Right to left: each trusted proxy appended the address it received from.
    for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
        if (!is_trusted(*hop, trusted_proxies)) return std::string(unmapped(*hop));
    }
    return hops.empty() ? std::string(unmapped(remote_address)) : std::string(unmapped(hops.front()));
}

}  // namespace bh::auth
