#pragma once
// What every target of `budgethub serve` is: something that starts, reports readiness, and stops
// within a grace period.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <string_view>

namespace bh::runtime {

class Service {
  public:
    virtual ~Service() = default;
    virtual std::string_view name() const = 0;
    // Binds ports, applies migrations, starts consumers. Throws if the service cannot run.
    virtual boost::asio::awaitable<void> start() = 0;
    // Stops taking work, drains what is in flight, flushes producers; must return within `grace`.
    virtual boost::asio::awaitable<void> stop(std::chrono::milliseconds grace) = 0;
};

}  // namespace bh::runtime
