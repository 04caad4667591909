#pragma once
// Internal to src/redis: one hiredis async context driven by Boost.Asio.
//
// hiredis does the protocol and keeps the reply callbacks in command order; this class gives it an
// event loop through the five hooks of redisAsyncContext::ev (addRead/delRead/addWrite/delWrite/
// cleanup), implemented as readiness waits on a posix::stream_descriptor over the context's socket.
// hiredis owns the socket: cleanup release()s it from Asio before hiredis closes it.
//
// Not thread-safe: every member, and every hiredis call, runs on the strand given to open(); the
// descriptor uses that strand as its executor so its wait handlers land there too.
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "redis/options.h"
#include "redis/reply.h"

struct redisAsyncContext;

namespace bh::redis::detail {

using Strand = boost::asio::strand<boost::asio::any_io_executor>;

// Where one command's outcome lands. The timer is both the command's deadline and its wake-up
// call: a reply (or the loss of the connection) cancels it, so whoever awaits the timer learns
// "reply", "connection lost" or, when it expires on its own, "deadline".
struct PendingReply {
    PendingReply(const Strand& strand, std::chrono::steady_clock::time_point deadline)
        : timer(strand, deadline) {}
    void complete(std::optional<Reply> outcome);

    boost::asio::steady_timer timer;
    std::optional<Reply> reply;
    bool connection_lost = false;
};

class Connection : public std::enable_shared_from_this<Connection> {
  public:
    // Starts a non-blocking connect to a numeric address and queues the handshake (AUTH, SELECT).
    // Returns nullptr (with `error` set) when the connection cannot even be started. Commands must
    // wait until ready(): behind a refused AUTH or SELECT the server would still run them, as the
    // default user or in database 0.
    static std::shared_ptr<Connection> open(const Strand& strand, const std::string& address,
                                            const ClientOptions& options,
                                            std::chrono::steady_clock::time_point connect_deadline,
                                            std::string& error);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Queues one command; false when the context is gone or closing (the reply will never come).
    bool submit(const std::vector<std::string>& args, const std::shared_ptr<PendingReply>& pending);
    // Drops the connection now; pending commands complete with connection_lost.
    void close(const std::string& reason);

    bool alive() const { return context_ != nullptr; }
    // Connected and the handshake succeeded: commands may be submitted.
    bool ready() const { return alive() && was_ready_; }
    // Ready, or dead before getting there.
    bool settled() const { return was_ready_ || !alive(); }
    // Expires at the connect deadline; cancelled as soon as settled(). Await it, then look.
    boost::asio::steady_timer& settling() { return settling_; }
    const std::string& last_error() const { return last_error_; }

  private:
    Connection(const Strand& strand, std::chrono::steady_clock::time_point connect_deadline);

    void attach(redisAsyncContext* context);
    void send_handshake(const ClientOptions& options);
    void handshake_step_done(bool ok, const std::string& error);
    void mark_ready_if_done();

    // hiredis event hooks (ev.data is the Connection).
    static void hook_add_read(void* self);
    static void hook_del_read(void* self);
    static void hook_add_write(void* self);
    static void hook_del_write(void* self);
    static void hook_cleanup(void* self);
    // hiredis callbacks.
    static void on_connect(const redisAsyncContext* context, int status);
    static void on_disconnect(const redisAsyncContext* context, int status);
    static void on_handshake_reply(redisAsyncContext* context, void* reply, void* privdata);

    void arm_read();
    void arm_write();
    void on_readable(const boost::system::error_code& ec);
    void on_writable(const boost::system::error_code& ec);
    void on_context_gone();

    boost::asio::posix::stream_descriptor socket_;
    boost::asio::steady_timer settling_;
    redisAsyncContext* context_ = nullptr;
    bool want_read_ = false;
    bool want_write_ = false;
    bool read_armed_ = false;
    bool write_armed_ = false;
    bool connected_ = false;
    int handshake_pending_ = 0;
    bool was_ready_ = false;
    std::string last_error_;
};

}  // namespace bh::redis::detail
