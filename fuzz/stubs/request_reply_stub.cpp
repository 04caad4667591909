// For kafka_payloads only: payment/budget_reservations.cpp, whose reply decoder the harness fuzzes,
// also holds BudgetReservations::reserve, which sends through bus::RequestReply. The harness never
// calls it; this definition satisfies the linker without linking librdkafka, and aborts if reached.
#include <cstdlib>

#include "bus/request_reply.h"

namespace bh::bus {

boost::asio::awaitable<Message> RequestReply::request(std::string, std::string, std::string,
                                                      std::chrono::milliseconds, Headers) {
    std::abort();
}

}  // namespace bh::bus
