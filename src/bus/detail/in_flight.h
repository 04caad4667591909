#pragma once
// Counts of messages handed to handlers and not finished yet, per partition, shared by the
// polling thread (which adds, pauses fetching, and waits for partitions to drain) and the
// handlers (which finish). Internal to the bus module.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace bh::bus::detail {

using TopicPartition = std::pair<std::string, std::int32_t>;

class InFlight {
  public:
    void add(const TopicPartition& partition);
    void finish(const TopicPartition& partition, std::size_t count = 1);
    std::size_t total() const;
    // Whether none of `partitions` (all of them when empty) has unfinished messages, waiting for
    // that until `deadline`.
    bool wait_idle(const std::vector<TopicPartition>& partitions,
                   std::chrono::steady_clock::time_point deadline);

  private:
    bool idle(const std::vector<TopicPartition>& partitions) const;  // mutex held

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::map<TopicPartition, std::size_t> counts_;
    std::size_t total_ = 0;
};

}  // namespace bh::bus::detail
