#include "bus/message.h"

#include <algorithm>

namespace bh::bus {

const std::string* Message::header(std::string_view name) const {
    for (const auto& [header_name, value] : headers) {
        if (header_name == name) {
            return &value;
        }
    }
    return nullptr;
}

void Message::set_header(std::string_view name, std::string value) {
    std::erase_if(headers, [name](const auto& header) { return header.first == name; });
    headers.emplace_back(std::string(name), std::move(value));
}

}  // namespace bh::bus
