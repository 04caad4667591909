#include "core/io_shards.h"

#include <boost/asio/execution/context.hpp>
#include <boost/asio/execution_context.hpp>
#include <boost/asio/query.hpp>
#include <stdexcept>

namespace bh {

namespace asio = boost::asio;

namespace {
const asio::execution_context* context_of(const asio::any_io_executor& executor) {
    return &asio::query(executor, asio::execution::context);
}
}  // namespace

IoShards::IoShards(std::vector<asio::any_io_executor> executors) : executors_(std::move(executors)) {
    if (executors_.empty()) throw std::invalid_argument("IoShards: at least one executor");
    for (const auto& executor : executors_) contexts_.push_back(context_of(executor));
}

IoShards::IoShards(const asio::any_io_executor& executor)
    : IoShards(std::vector<asio::any_io_executor>{executor}) {}

IoShards::IoShards(const IoShards& other) : executors_(other.executors_), contexts_(other.contexts_) {}

std::size_t IoShards::index_of(const asio::any_io_executor& caller) const {
    if (executors_.size() == 1 || !caller) return 0;
    const auto* context = context_of(caller);
    for (std::size_t i = 0; i < contexts_.size(); ++i) {
        if (contexts_[i] == context) return i;
    }
    return 0;
}

const asio::any_io_executor& IoShards::next() {
    return executors_[turn_.fetch_add(1, std::memory_order_relaxed) % executors_.size()];
}

}  // namespace bh
