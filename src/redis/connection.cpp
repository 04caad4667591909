#include "redis/connection.h"

#include <hiredis/async.h>
#include <spdlog/spdlog.h>

#include "redis/hiredis_reply.h"

namespace bh::redis::detail {

namespace {

// Callbacks are called from C code: nothing may propagate out of them.
template <typename F>
void no_throw(const char* where, F&& body) noexcept {
    try {
        body();
    } catch (const std::exception& e) {
        spdlog::error("redis: {} failed: {}", where, e.what());
    } catch (...) {
        spdlog::error("redis: {} failed", where);
    }
}

int send_argv(redisAsyncContext* context, redisCallbackFn* callback, void* privdata,
              const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    argv.reserve(args.size());
    lengths.reserve(args.size());
    for (const auto& arg : args) {
        argv.push_back(arg.data());
        lengths.push_back(arg.size());
    }
    return redisAsyncCommandArgv(context, callback, privdata, static_cast<int>(args.size()), argv.data(),
                                 lengths.data());
}

// privdata of a user command: one strong reference to its PendingReply, owned by hiredis until it
// calls back (exactly once: with the reply, or with NULL when the context goes away).
void on_command_reply(redisAsyncContext* /*context*/, void* reply, void* privdata) {
    std::unique_ptr<std::shared_ptr<PendingReply>> pending(
        static_cast<std::shared_ptr<PendingReply>*>(privdata));
    no_throw("reply callback", [&] {
        if (reply == nullptr) {
            (*pending)->complete(std::nullopt);
        } else {
            (*pending)->complete(to_reply(*static_cast<const redisReply*>(reply)));
        }
    });
}

Connection* connection_of(const redisAsyncContext* context) {
    return static_cast<Connection*>(context->data);
}

}  // namespace

void PendingReply::complete(std::optional<Reply> outcome) {
    if (reply || connection_lost) {
        return;
    }
    if (outcome) {
        reply = std::move(outcome);
    } else {
        connection_lost = true;
    }
    timer.cancel();  // wakes the awaiting command (see the struct comment)
}

Connection::Connection(const Strand& strand, std::chrono::steady_clock::time_point connect_deadline)
    : socket_(strand), settling_(strand, connect_deadline) {}

Connection::~Connection() {
    if (context_ == nullptr) {
        return;
    }
    // Nobody is left to tell: free quietly. Pending commands hear "connection lost".
    context_->onConnect = nullptr;
    context_->onDisconnect = nullptr;
    redisAsyncFree(context_);
}

std::shared_ptr<Connection> Connection::open(const Strand& strand, const std::string& address,
                                             const ClientOptions& options,
                                             std::chrono::steady_clock::time_point connect_deadline,
                                             std::string& error) {
    redisAsyncContext* context = redisAsyncConnect(address.c_str(), options.port);
    if (context == nullptr) {
        error = "cannot allocate a hiredis context";
        return nullptr;
    }
    if (context->err != 0) {
        error = context->errstr;
        redisAsyncFree(context);
        return nullptr;
    }
    std::shared_ptr<Connection> connection(new Connection(strand, connect_deadline));
    boost::system::error_code ec;
    connection->socket_.assign(context->c.fd, ec);
    if (ec) {
        error = "cannot register the socket: " + ec.message();
        redisAsyncFree(context);  // no hooks attached yet: hiredis just closes the socket
        return nullptr;
    }
    connection->attach(context);
    connection->send_handshake(options);
    return connection;
}

void Connection::attach(redisAsyncContext* context) {
    context_ = context;
    context->data = this;
    context->ev.data = this;
    context->ev.addRead = &hook_add_read;
    context->ev.delRead = &hook_del_read;
    context->ev.addWrite = &hook_add_write;
    context->ev.delWrite = &hook_del_write;
    context->ev.cleanup = &hook_cleanup;
    // Setting the connect callback also asks for writability: that is how the end of a
    // non-blocking connect shows up, so the hooks must be in place first.
    redisAsyncSetConnectCallback(context, &on_connect);
    redisAsyncSetDisconnectCallback(context, &on_disconnect);
}

void Connection::send_handshake(const ClientOptions& options) {
    std::vector<std::vector<std::string>> steps;
    if (!options.password.empty()) {
        steps.push_back(options.username.empty()
                            ? std::vector<std::string>{"AUTH", options.password}
                            : std::vector<std::string>{"AUTH", options.username, options.password});
    }
    if (options.database != 0) {
        steps.push_back({"SELECT", std::to_string(options.database)});
    }
    for (const auto& step : steps) {
        if (send_argv(context_, &on_handshake_reply, this, step) != REDIS_OK) {
            close("cannot queue the handshake");
            return;
        }
        ++handshake_pending_;
    }
}

bool Connection::submit(const std::vector<std::string>& args, const std::shared_ptr<PendingReply>& pending) {
    if (context_ == nullptr) {
        return false;
    }
    auto holder = std::make_unique<std::shared_ptr<PendingReply>>(pending);
    if (send_argv(context_, &on_command_reply, holder.get(), args) != REDIS_OK) {
        return false;
    }
    (void)holder.release();  // hiredis owns it until on_command_reply
    return true;
}

void Connection::close(const std::string& reason) {
    if (context_ == nullptr) {
        return;
    }
    last_error_ = reason;
    redisAsyncFree(context_);  // runs the pending callbacks with NULL, then hook_cleanup
}

void Connection::mark_ready_if_done() {
    if (!connected_ || handshake_pending_ != 0 || was_ready_) {
        return;
    }
    was_ready_ = true;
    no_throw("signalling readiness", [&] { settling_.cancel(); });
}

void Connection::on_connect(const redisAsyncContext* context, int status) {
    Connection* self = connection_of(context);
    if (status == REDIS_OK) {
        self->connected_ = true;
        self->mark_ready_if_done();
    } else {
        // hiredis frees the context right after this returns.
        self->last_error_ = context->errstr;
    }
}

void Connection::on_disconnect(const redisAsyncContext* context, int status) {
    Connection* self = connection_of(context);
    if (status != REDIS_OK && self->last_error_.empty()) {
        self->last_error_ = context->errstr;
    }
}

void Connection::on_handshake_reply(redisAsyncContext* context, void* reply, void* privdata) {
    if (reply == nullptr) {
        return;  // the context is being freed; its Connection may be too
    }
    auto* self = static_cast<Connection*>(privdata);
    const auto* r = static_cast<const redisReply*>(reply);
    if (r->type == REDIS_REPLY_ERROR) {
        self->last_error_ = "handshake refused: " + std::string(r->str, r->len);
        // Inside a reply callback hiredis defers the free until the callback returns.
        redisAsyncFree(context);
        return;
    }
    --self->handshake_pending_;
    self->mark_ready_if_done();
}

void Connection::hook_add_read(void* self) {
    auto* c = static_cast<Connection*>(self);
    c->want_read_ = true;
    if (!c->read_armed_) {
        c->arm_read();
    }
}

void Connection::hook_del_read(void* self) {
    static_cast<Connection*>(self)->want_read_ = false;
}

void Connection::hook_add_write(void* self) {
    auto* c = static_cast<Connection*>(self);
    c->want_write_ = true;
    if (!c->write_armed_) {
        c->arm_write();
    }
}

void Connection::hook_del_write(void* self) {
    static_cast<Connection*>(self)->want_write_ = false;
}

void Connection::hook_cleanup(void* self) {
    static_cast<Connection*>(self)->on_context_gone();
}

// A wait that is no longer wanted (del*) is left to complete and then ignored: Asio has no way to
// withdraw one readiness wait without cancelling the other direction too.
void Connection::arm_read() {
    no_throw("arming a read", [&] {
        socket_.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                           [weak = weak_from_this()](const boost::system::error_code& ec) {
                               if (auto self = weak.lock()) {
                                   self->on_readable(ec);
                               }
                           });
        read_armed_ = true;
    });
}

void Connection::arm_write() {
    no_throw("arming a write", [&] {
        socket_.async_wait(boost::asio::posix::stream_descriptor::wait_write,
                           [weak = weak_from_this()](const boost::system::error_code& ec) {
                               if (auto self = weak.lock()) {
                                   self->on_writable(ec);
                               }
                           });
        write_armed_ = true;
    });
}

void Connection::on_readable(const boost::system::error_code& ec) {
    read_armed_ = false;
    if (ec == boost::asio::error::operation_aborted || context_ == nullptr || !want_read_) {
        return;
    }
    // Any other wait error: let hiredis read and find out (it disconnects on a socket error).
    redisAsyncHandleRead(context_);  // may free the context (then hook_cleanup cleared context_)
    if (context_ != nullptr && want_read_ && !read_armed_) {
        arm_read();
    }
}

void Connection::on_writable(const boost::system::error_code& ec) {
    write_armed_ = false;
    if (ec == boost::asio::error::operation_aborted || context_ == nullptr || !want_write_) {
        return;
    }
    redisAsyncHandleWrite(context_);
    if (context_ != nullptr && want_write_ && !write_armed_) {
        arm_write();
    }
}

void Connection::on_context_gone() {
    context_ = nullptr;
    want_read_ = false;
    want_write_ = false;
    no_throw("signalling the end", [&] { settling_.cancel(); });
    // hiredis closes the socket itself right after this hook: take it away from Asio first
    // (deregisters it and aborts the outstanding waits) so it is closed exactly once.
    no_throw("releasing the socket", [&] { socket_.release(); });
}

}  // namespace bh::redis::detail
