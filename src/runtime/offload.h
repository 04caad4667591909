#pragma once
// Runs a blocking call on a worker pool and resumes the awaiting coroutine on its own executor, so
// I/O threads never block (librdkafka metadata requests, file work, ...). Written with
// async_initiate and plain lambdas: g++ 12 mishandles capturing lambdas that are coroutines.
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <utility>

namespace bh::runtime {

template <class R, class Fn>
boost::asio::awaitable<R> offload(boost::asio::thread_pool& pool, Fn fn) {
    namespace asio = boost::asio;
    co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(std::exception_ptr, R)>(
        [&pool](auto handler, Fn work) {
            asio::post(pool, [handler = std::move(handler), work = std::move(work)]() mutable {
                std::exception_ptr failure;
                R result{};
                try {
                    result = work();
                } catch (...) {
                    failure = std::current_exception();
                }
                auto executor = asio::get_associated_executor(handler);
                asio::dispatch(executor,
                               [handler = std::move(handler), failure, result = std::move(result)]() mutable {
                                   std::move(handler)(failure, std::move(result));
                               });
            });
        },
        asio::use_awaitable, std::move(fn));
}

}  // namespace bh::runtime
