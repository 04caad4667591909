// Helpers of the typed settings declarations (core/settings.h).
#include "core/settings.h"

#include <set>

namespace bh::settings {

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find(',', start);
        if (end == std::string::npos) end = text.size();
        const auto first = text.find_first_not_of(" \t", start);
        if (first != std::string::npos && first < end) {
            const auto last = text.find_last_not_of(" \t", end - 1);
            out.push_back(text.substr(first, last - first + 1));
        }
        start = end + 1;
    }
    return out;
}

std::vector<ConfigKey> join(const std::vector<std::reference_wrapper<const std::vector<ConfigKey>>>& parts) {
    std::vector<ConfigKey> all;
    std::set<std::string, std::less<>> names;
    for (const auto& part : parts) {
        for (const auto& key : part.get()) {
            if (!names.insert(key.name).second)
                throw std::logic_error("configuration key " + key.name + " declared by two areas");
            all.push_back(key);
        }
    }
    return all;
}

}  // namespace bh::settings
