#pragma once
// What every harness of fuzz/ shares: a check that holds in release builds too (a failed one aborts,
// which libFuzzer reports as a crash and the replay test as a failure), and splitting one input into
// fields. Seeds stay readable: fields are separated by a line "--8<--".
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#define FUZZ_CHECK(condition)                                                                       \
    do {                                                                                            \
        if (!(condition)) {                                                                         \
            std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #condition); \
            std::abort();                                                                           \
        }                                                                                           \
    } while (0)

namespace bh::fuzz {

inline constexpr std::string_view kSeparator = "\n--8<--\n";

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// The input cut at each separator into exactly `count` fields (the last one takes the rest; missing
// fields are empty).
inline std::vector<std::string_view> fields(std::string_view input, std::size_t count) {
    std::vector<std::string_view> out;
    while (out.size() + 1 < count) {
        const auto at = input.find(kSeparator);
        if (at == std::string_view::npos) break;
        out.push_back(input.substr(0, at));
        input.remove_prefix(at + kSeparator.size());
    }
    out.push_back(input);
    out.resize(count);
    return out;
}

}  // namespace bh::fuzz
