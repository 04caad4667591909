#pragma once
// A TCP forwarder between the client under test and the real Redis, for the failures a test cannot
// ask Redis itself for: "nobody listening yet" (the port is bound but not listening, so connects are
// refused) and "every connection cut at once". Runs on its own thread and io_context.
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace bh::redis::testing {

class TcpProxy {
  public:
    TcpProxy(const std::string& upstream_host, std::uint16_t upstream_port)
        : guard_(io_.get_executor()),
          acceptor_(io_),
          upstream_(boost::asio::ip::make_address(upstream_host), upstream_port) {
        const boost::asio::ip::tcp::endpoint local(boost::asio::ip::make_address("127.0.0.1"), 0);
        acceptor_.open(local.protocol());
        acceptor_.bind(local);
        port_ = acceptor_.local_endpoint().port();
        thread_ = std::thread([this] { io_.run(); });
    }
    ~TcpProxy() {
        on_proxy_thread([this] {
            boost::system::error_code ignored;
            acceptor_.close(ignored);
            cut_all();
        });
        guard_.reset();
        io_.stop();
        thread_.join();
    }
    TcpProxy(const TcpProxy&) = delete;
    TcpProxy& operator=(const TcpProxy&) = delete;

    std::uint16_t port() const { return port_; }

    // Starts accepting (until then connects to port() are refused).
    void listen() {
        on_proxy_thread([this] {
            acceptor_.listen();
            boost::asio::co_spawn(io_, accept_loop(), boost::asio::detached);
        });
    }
    // Closes every forwarded connection, both sides, as a crashing server would.
    void cut_connections() {
        on_proxy_thread([this] { cut_all(); });
    }

  private:
    using Socket = boost::asio::ip::tcp::socket;
    static constexpr auto kTuple = boost::asio::as_tuple(boost::asio::use_awaitable);

    template <typename F>
    void on_proxy_thread(F f) {
        std::promise<void> done;
        boost::asio::post(io_, [&] {
            f();
            done.set_value();
        });
        done.get_future().wait();
    }

    void cut_all() {
        for (auto& socket : sockets_) {
            boost::system::error_code ignored;
            socket->close(ignored);
        }
        sockets_.clear();
    }

    boost::asio::awaitable<void> accept_loop() {
        for (;;) {
            auto [ec, accepted] = co_await acceptor_.async_accept(kTuple);
            if (ec) {
                co_return;
            }
            auto downstream = std::make_shared<Socket>(std::move(accepted));
            auto upstream = std::make_shared<Socket>(io_);
            auto [connect_error] = co_await upstream->async_connect(upstream_, kTuple);
            if (connect_error) {
                continue;
            }
            sockets_.push_back(downstream);
            sockets_.push_back(upstream);
            boost::asio::co_spawn(io_, pump(downstream, upstream), boost::asio::detached);
            boost::asio::co_spawn(io_, pump(upstream, downstream), boost::asio::detached);
        }
    }

    static boost::asio::awaitable<void> pump(std::shared_ptr<Socket> from, std::shared_ptr<Socket> to) {
        std::array<char, 16384> buffer{};
        for (;;) {
            auto [read_error, n] = co_await from->async_read_some(boost::asio::buffer(buffer), kTuple);
            if (read_error) {
                break;
            }
            auto [write_error, written] =
                co_await boost::asio::async_write(*to, boost::asio::buffer(buffer, n), kTuple);
            if (write_error) {
                break;
            }
        }
        boost::system::error_code ignored;
        from->close(ignored);
        to->close(ignored);
    }

    boost::asio::io_context io_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::ip::tcp::endpoint upstream_;
    std::uint16_t port_ = 0;
    std::vector<std::shared_ptr<Socket>> sockets_;
    std::thread thread_;
};

}  // namespace bh::redis::testing
