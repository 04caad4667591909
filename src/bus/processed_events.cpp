#include "bus/processed_events.h"

namespace bh::bus {

boost::asio::awaitable<bool> InMemoryProcessedEvents::first_time(std::string event_id) {
    std::lock_guard lock(mutex_);
    co_return seen_.insert(std::move(event_id)).second;
}

}  // namespace bh::bus
