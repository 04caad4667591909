#include "core/address_list.h"

#include <algorithm>

namespace bh {

namespace {

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
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

std::string_view unmapped_address(std::string_view address) {
    constexpr std::string_view kMapped = "::ffff:";
    if (address.size() > kMapped.size() && address.substr(0, kMapped.size()) == kMapped &&
        address.find('.') != std::string_view::npos)
        return address.substr(kMapped.size());
    return address;
}

bool address_listed(std::string_view address, const std::vector<std::string>& list) {
    address = unmapped_address(address);
    return std::find(list.begin(), list.end(), address) != list.end();
}

}  // namespace bh
