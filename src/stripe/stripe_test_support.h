#pragma once
// Shared by the Stripe integration tests: run a coroutine to completion, and a scripted HTTP server
// standing in for Stripe (answers in a given order, records what it received) for the retry tests.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/write.hpp>
#include <cctype>
#include <chrono>
#include <istream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace bh::stripe::testing {

template <class T>
T run(boost::asio::io_context& io, boost::asio::awaitable<T> task) {
    auto future = boost::asio::co_spawn(io, std::move(task), boost::asio::use_future);
    io.run();
    io.restart();
    return future.get();
}

struct ScriptedAnswer {
    ScriptedAnswer(int status_ = 200, std::string body_ = "{}",
                   std::vector<std::pair<std::string, std::string>> headers_ = {},
                   std::chrono::milliseconds delay_ = std::chrono::milliseconds(0))
        : status(status_), body(std::move(body_)), headers(std::move(headers_)), delay(delay_) {}

    int status;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // extra response headers
    std::chrono::milliseconds delay;                           // before answering
};

struct ReceivedRequest {
    std::string method;
    std::string target;
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;
};

// One connection per request (it answers "Connection: close"); the n-th request gets the n-th
// answer, and every request after the script's end the last one.
class ScriptedServer {
  public:
    explicit ScriptedServer(std::vector<ScriptedAnswer> script)
        : acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}), script_(std::move(script)) {
        accept_next();
        thread_ = std::thread([this] { io_.run(); });
    }
    ~ScriptedServer() {
        io_.stop();
        thread_.join();
    }
    ScriptedServer(const ScriptedServer&) = delete;
    ScriptedServer& operator=(const ScriptedServer&) = delete;

    std::string base_url() const {
        return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port());
    }

    std::vector<ReceivedRequest> received() const {
        std::lock_guard lock(mutex_);
        return received_;
    }

  private:
    void accept_next() {
        acceptor_.async_accept([this](boost::system::error_code ec, boost::asio::ip::tcp::socket socket) {
            if (ec) return;
            serve(socket);
            accept_next();
        });
    }

    // Blocking on the server's own thread: one request at a time is all these tests need.
    void serve(boost::asio::ip::tcp::socket& socket) {
        boost::system::error_code ec;
        boost::asio::streambuf buffer;
        boost::asio::read_until(socket, buffer, "\r\n\r\n", ec);
        if (ec) return;
        std::istream stream(&buffer);
        ReceivedRequest request;
        std::string line;
        std::getline(stream, line);
        const auto first_space = line.find(' ');
        const auto second_space = line.find(' ', first_space + 1);
        request.method = line.substr(0, first_space);
        request.target = line.substr(first_space + 1, second_space - first_space - 1);
        std::size_t content_length = 0;
        while (std::getline(stream, line) && line != "\r") {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            const auto colon = line.find(':');
            if (colon == std::string::npos) continue;
            std::string name = line.substr(0, colon);
            for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            std::string value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') value.erase(0, 1);
            if (name == "content-length") content_length = std::stoul(value);
            request.headers[name] = value;
        }
        std::string body(std::istreambuf_iterator<char>(stream), {});
        if (body.size() < content_length) {
            std::string rest(content_length - body.size(), '\0');
            boost::asio::read(socket, boost::asio::buffer(rest), ec);
            body += rest;
        }
        request.body = std::move(body);

        ScriptedAnswer answer;
        {
            std::lock_guard lock(mutex_);
            answer = script_.at(std::min(received_.size(), script_.size() - 1));
            received_.push_back(std::move(request));
        }
        std::this_thread::sleep_for(answer.delay);
        std::string response = "HTTP/1.1 " + std::to_string(answer.status) + " Scripted\r\n";
        response += "Content-Type: application/json\r\nConnection: close\r\n";
        response += "Content-Length: " + std::to_string(answer.body.size()) + "\r\n";
        for (const auto& [name, value] : answer.headers)
            response.append(name).append(": ").append(value).append("\r\n");
        response += "\r\n" + answer.body;
        boost::asio::write(socket, boost::asio::buffer(response), ec);
        socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    }

    boost::asio::io_context io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::thread thread_;
    mutable std::mutex mutex_;
    std::vector<ScriptedAnswer> script_;
    std::vector<ReceivedRequest> received_;
};

}  // namespace bh::stripe::testing
