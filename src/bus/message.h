#pragma once
// One Kafka record as the application sees it: plain C++ types, nothing of librdkafka.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bh::bus {

// Kafka headers keep their order and may repeat a name; values are bytes (here: strings).
using Headers = std::vector<std::pair<std::string, std::string>>;

inline constexpr std::int32_t kAnyPartition = -1;

struct Message {
    std::string topic;
    std::string key;  // empty = no key: the partitioner spreads such messages
    std::string payload;
    Headers headers;
    std::int32_t partition = kAnyPartition;  // producer: -1 = chosen from the key
    std::int64_t offset = -1;                // consumed messages only
    std::int64_t timestamp_ms = 0;           // producer: 0 = now; consumer: the record's timestamp

    // The first value of a header, or nullptr.
    const std::string* header(std::string_view name) const;
    // Replaces every header of that name by one.
    void set_header(std::string_view name, std::string value);
};

}  // namespace bh::bus
