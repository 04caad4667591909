#include "bus/detail/lag_statistics.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace bh::bus::detail {

namespace {

std::int64_t int_field(const boost::json::object& object, std::string_view name) {
    const auto* value = object.if_contains(name);
    return value != nullptr && value->is_int64() ? value->as_int64() : -1;
}

bool bool_field(const boost::json::object& object, std::string_view name) {
    const auto* value = object.if_contains(name);
    return value != nullptr && value->is_bool() && value->as_bool();
}

// librdkafka marks "no offset" with negative sentinels (-1001 = invalid); callers see -1.
std::int64_t offset_or_unknown(std::int64_t offset) {
    return offset >= 0 ? offset : -1;
}

}  // namespace

std::vector<PartitionLag> parse_partition_lag(std::string_view statistics_json) {
    std::vector<PartitionLag> result;
    boost::system::error_code ec;
    const boost::json::value root = boost::json::parse(statistics_json, ec);
    if (ec || !root.is_object()) {
        return result;
    }
    const auto* topics = root.as_object().if_contains("topics");
    if (topics == nullptr || !topics->is_object()) {
        return result;
    }
    for (const auto& [topic_name, topic] : topics->as_object()) {
        if (!topic.is_object()) {
            continue;
        }
        const auto* partitions = topic.as_object().if_contains("partitions");
        if (partitions == nullptr || !partitions->is_object()) {
            continue;
        }
        for (const auto& [key, partition_value] : partitions->as_object()) {
            if (!partition_value.is_object()) {
                continue;
            }
            const auto& partition = partition_value.as_object();
            const auto id = int_field(partition, "partition");
            if (id < 0 || !bool_field(partition, "desired")) {
                continue;  // -1 = librdkafka's internal one
            }
            PartitionLag lag;
            lag.topic = std::string(topic_name);
            lag.partition = static_cast<std::int32_t>(id);
            lag.committed_offset = offset_or_unknown(int_field(partition, "committed_offset"));
            lag.stored_offset = offset_or_unknown(int_field(partition, "stored_offset"));
            lag.high_watermark = offset_or_unknown(int_field(partition, "hi_offset"));
            const auto stored_lag = int_field(partition, "consumer_lag_stored");
            lag.lag = stored_lag >= 0 ? stored_lag
                                      : std::max<std::int64_t>(int_field(partition, "consumer_lag"), -1);
            result.push_back(std::move(lag));
        }
    }
    std::sort(result.begin(), result.end(), [](const PartitionLag& a, const PartitionLag& b) {
        return std::tie(a.topic, a.partition) < std::tie(b.topic, b.partition);
    });
    return result;
}

}  // namespace bh::bus::detail
