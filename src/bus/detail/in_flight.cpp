#include "bus/detail/in_flight.h"

#include <algorithm>

namespace bh::bus::detail {

void InFlight::add(const TopicPartition& partition) {
    std::lock_guard lock(mutex_);
    ++counts_[partition];
    ++total_;
}

void InFlight::finish(const TopicPartition& partition, std::size_t count) {
    if (count == 0) {
        return;
    }
    {
        std::lock_guard lock(mutex_);
        auto& current = counts_[partition];
        count = std::min(count, current);
        current -= count;
        total_ -= count;
    }
    changed_.notify_all();
}

std::size_t InFlight::total() const {
    std::lock_guard lock(mutex_);
    return total_;
}

bool InFlight::idle(const std::vector<TopicPartition>& partitions) const {
    if (partitions.empty()) {
        return total_ == 0;
    }
    return std::all_of(partitions.begin(), partitions.end(), [this](const TopicPartition& partition) {
        const auto found = counts_.find(partition);
        return found == counts_.end() || found->second == 0;
    });
}

bool InFlight::wait_idle(const std::vector<TopicPartition>& partitions,
                         std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    return changed_.wait_until(lock, deadline, [&] { return idle(partitions); });
}

}  // namespace bh::bus::detail
