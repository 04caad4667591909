#include "core/io_shards.h"

#include <boost/asio/execution/context.hpp>
#include <boost/asio/execution_context.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/strand.hpp>
#include <stdexcept>

namespace bh {

namespace asio = boost::asio;

namespace {
const asio::execution_context* context_of(const asio::any_io_executor& executor) {
    return &asio::query(executor, asio::execution::context);
}
}  // namespace

IoShards::IoShards(std::vector<asio::any_io_executor> executors, ShardThreads threads)
    : executors_(std::move(executors)), threads_(threads) {
    if (executors_.empty()) throw std::invalid_argument("IoShards: at least one executor");
    for (const auto& executor : executors_) contexts_.push_back(context_of(executor));
}

IoShards::IoShards(const asio::any_io_executor& executor)
    : IoShards(std::vector<asio::any_io_executor>{executor}) {}

IoShards::IoShards(const IoShards& other)
    : executors_(other.executors_), contexts_(other.contexts_), threads_(other.threads_) {}

std::size_t IoShards::index_of(const asio::any_io_executor& caller) const {
    if (executors_.size() == 1) return 0;
    return find(caller).value_or(0);
}

std::optional<std::size_t> IoShards::find(const asio::any_io_executor& caller) const {
    if (!caller) return std::nullopt;
    const auto* context = context_of(caller);
    for (std::size_t i = 0; i < contexts_.size(); ++i) {
        if (contexts_[i] == context) return i;
    }
    return std::nullopt;
}

asio::any_io_executor IoShards::serial(const asio::any_io_executor& shard) const {
    if (one_thread_each()) return shard;
    return asio::make_strand(shard);
}

const asio::any_io_executor& IoShards::next() {
    return executors_[turn_.fetch_add(1, std::memory_order_relaxed) % executors_.size()];
}

}  // namespace bh
