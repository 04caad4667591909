#pragma once
// Reads per-partition consumer lag out of librdkafka's statistics JSON (statistics.interval.ms;
// field meanings in librdkafka's STATISTICS.md). Internal to the bus module.
#include <string_view>
#include <vector>

#include "bus/consumer.h"

namespace bh::bus::detail {

// Partitions this member is assigned ("desired"), in topic/partition order. Malformed input
// yields an empty list: statistics are best effort.
std::vector<PartitionLag> parse_partition_lag(std::string_view statistics_json);

}  // namespace bh::bus::detail
