#pragma once
// The process's I/O threads as executors, one io_context per thread. A new connection goes to the next
// thread in turn (next()); work a request starts (a database lease, an upstream call) picks the
// executor of the thread the request already runs on (local()), so a request's round trips complete
// where it waits and never wake another thread. One executor is the single-threaded case.
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <cstddef>
#include <optional>
#include <vector>

namespace boost::asio {
class execution_context;
}

namespace bh {

// What is known of the threads behind each executor. OnePerExecutor (the Runtime's io_context(1)s):
// whatever runs on a shard's executor runs on that one thread, so objects that live on a shard need no
// strand. Unknown (a test's pool of threads on one io_context): they get a strand.
enum class ShardThreads { Unknown, OnePerExecutor };

class IoShards {
  public:
    // At least one executor.
    explicit IoShards(std::vector<boost::asio::any_io_executor> executors,
                      ShardThreads threads = ShardThreads::Unknown);
    explicit IoShards(const boost::asio::any_io_executor& executor);
    IoShards(const IoShards& other);
    IoShards& operator=(const IoShards& other) = delete;

    std::size_t size() const { return executors_.size(); }
    const boost::asio::any_io_executor& operator[](std::size_t index) const { return executors_[index]; }
    const boost::asio::any_io_executor& first() const { return executors_.front(); }

    // The index of the executor running on `caller`'s execution context (the caller's coroutine
    // executor, strands included), or 0 when it is none of them (a test's own context, a thread pool).
    std::size_t index_of(const boost::asio::any_io_executor& caller) const;
    // The same without the fallback: nothing for a stranger, even when there is one executor.
    std::optional<std::size_t> find(const boost::asio::any_io_executor& caller) const;
    const boost::asio::any_io_executor& local(const boost::asio::any_io_executor& caller) const {
        return executors_[index_of(caller)];
    }
    // The executors in turn, for spreading connections.
    const boost::asio::any_io_executor& next();

    bool one_thread_each() const { return threads_ == ShardThreads::OnePerExecutor; }
    // The executor for an object that lives on `shard` (one of these executors) and is used by one
    // operation at a time: the shard itself when it has one thread, else a strand over it.
    boost::asio::any_io_executor serial(const boost::asio::any_io_executor& shard) const;
    // Whether a coroutine running on `caller` may drive an object that lives on shard `index` (made
    // with serial()) directly, without moving to the object's executor: it runs on that shard's
    // only thread, where the object's own handlers (a timer's) run too.
    bool drives_inline(const boost::asio::any_io_executor& caller, std::size_t index) const {
        return one_thread_each() && find(caller) == index;
    }

  private:
    std::vector<boost::asio::any_io_executor> executors_;
    std::vector<const boost::asio::execution_context*> contexts_;
    ShardThreads threads_ = ShardThreads::Unknown;
    std::atomic<std::size_t> turn_{0};
};

}  // namespace bh
