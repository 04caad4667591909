#pragma once
// The process's I/O threads as executors, one io_context per thread. A new connection goes to the next
// thread in turn (next()); work a request starts (a database lease, an upstream call) picks the
// executor of the thread the request already runs on (local()), so a request's round trips complete
// where it waits and never wake another thread. One executor is the single-threaded case.
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <cstddef>
#include <vector>

namespace boost::asio {
class execution_context;
}

namespace bh {

class IoShards {
  public:
    // At least one executor; each should be run by one thread (io_context(1)).
    explicit IoShards(std::vector<boost::asio::any_io_executor> executors);
    explicit IoShards(const boost::asio::any_io_executor& executor);
    IoShards(const IoShards& other);
    IoShards& operator=(const IoShards& other) = delete;

    std::size_t size() const { return executors_.size(); }
    const boost::asio::any_io_executor& operator[](std::size_t index) const { return executors_[index]; }
    const boost::asio::any_io_executor& first() const { return executors_.front(); }

    // The index of the executor running on `caller`'s execution context (the caller's coroutine
    // executor, strands included), or 0 when it is none of them (a test's own context, a thread pool).
    std::size_t index_of(const boost::asio::any_io_executor& caller) const;
    const boost::asio::any_io_executor& local(const boost::asio::any_io_executor& caller) const {
        return executors_[index_of(caller)];
    }
    // The executors in turn, for spreading connections.
    const boost::asio::any_io_executor& next();

  private:
    std::vector<boost::asio::any_io_executor> executors_;
    std::vector<const boost::asio::execution_context*> contexts_;
    std::atomic<std::size_t> turn_{0};
};

}  // namespace bh
