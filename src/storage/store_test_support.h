#pragma once
// Shared by the storage tests: run a coroutine to completion, and make test data.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <string>

namespace bh::storage::testing {

template <class T>
T run(boost::asio::io_context& io, boost::asio::awaitable<T> task) {
    auto future = boost::asio::co_spawn(io, std::move(task), boost::asio::use_future);
    io.run();
    io.restart();
    return future.get();
}

// Every byte value, repeated up to `size` bytes: catches text-mode and NUL truncation bugs.
inline std::string binary_bytes(std::size_t size) {
    std::string bytes(size, '\0');
    for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 7 + i / 256) & 0xFF);
    return bytes;
}

}  // namespace bh::storage::testing
