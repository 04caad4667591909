#pragma once
// Hands a request to a service running in the portal's process (http::Server::handle), within the
// same deadline as a forwarded HTTP request. The service's handler runs in a coroutine of its own
// that owns the request: when the deadline passes first, the caller gets 504 UPSTREAM_TIMEOUT (as
// behind a timed-out HTTP call) and the handler finishes its work unobserved, never interrupted
// half-way through a transaction.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <memory>

#include "http/message.h"
#include "http/server.h"

namespace bh::portal {

// Must be awaited from a strand (the portal's connection): the handler runs on the same one.
boost::asio::awaitable<http::Response> call_in_process(std::shared_ptr<http::Server> server,
                                                       http::Request request,
                                                       std::chrono::milliseconds timeout);

}  // namespace bh::portal
