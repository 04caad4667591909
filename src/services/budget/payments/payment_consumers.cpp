// Kafka adapters of payments: budget.reserve commands and payment.updated events.
#include "services/budget/payments/payment_consumers.h"

#include <spdlog/spdlog.h>

#include <boost/json/parse.hpp>
#include <variant>

#include "bus/event.h"
#include "bus/request_reply.h"
#include "core/json_text.h"
#include "services/budget/payments/payment_codec.h"

namespace bh::budget {

namespace {

namespace asio = boost::asio;
namespace json = boost::json;

std::optional<json::object> parse_object(const std::string& payload) {
    boost::system::error_code ec;
    auto value = json::parse(payload, ec);
    if (ec || !value.is_object()) return std::nullopt;
    return std::move(value.as_object());
}

// The payment id as the command spelled it, for the reply: the field when it is a string, else the
// message key.
std::string spelled_payment_id(const std::optional<json::object>& body, const bus::Message& message) {
    if (body) {
        if (const auto* id = body->if_contains("paymentId"); id != nullptr && id->is_string()) {
            return std::string(id->as_string());
        }
    }
    return message.key;
}

ReservationResult invalid_command(std::string message, std::vector<FieldError> errors) {
    ReservationResult result;
    result.outcome = ReserveOutcome::Invalid;
    result.message = std::move(message);
    result.errors = std::move(errors);
    return result;
}

// The command, or the INVALID answer to give instead.
std::variant<ReserveCommand, ReservationResult> read_command(const std::optional<json::object>& body,
                                                             const bus::Message& message) {
    if (!body) return invalid_command("The command is not a JSON object", {});
    try {
        auto command = read_reserve_command(*body);
        command.traceparent = bus::traceparent_of(message);
        return command;
    } catch (const AppError& e) {
        return invalid_command(e.public_message(), e.field_errors());
    }
}

}  // namespace

asio::awaitable<void> on_reserve_command(PaymentReservations& reservations, bus::Producer& producer,
                                         const bus::Message& message) {
    // Nobody to answer: never reserve for such a request (dead-lettered, not retried).
    const auto* reply_to = message.header(bus::header::kReplyTo);
    const auto* correlation_id = message.header(bus::header::kCorrelationId);
    if (reply_to == nullptr || reply_to->empty() || correlation_id == nullptr || correlation_id->empty()) {
        throw bad_request("budget.reserve without reply-to or correlation-id");
    }
    const auto body = parse_object(message.payload);
    auto read = read_command(body, message);
    ReservationResult result;
    if (auto* command = std::get_if<ReserveCommand>(&read)) {
        result = co_await reservations.reserve(*command);
    } else {
        result = std::get<ReservationResult>(std::move(read));
    }
    const auto payment_id = spelled_payment_id(body, message);
    if (result.outcome != ReserveOutcome::Reserved) {
        spdlog::info("budget: reservation of payment {} refused: {}", payment_id, result.message);
    }
    // After the commit: a reply lost here is sent again when the command is redelivered (the
    // reservation is then answered from what was stored).
    const auto reply = json_text(reserve_reply_json(result, payment_id));
    co_await bus::reply(producer, message, reply);
}

asio::awaitable<UpdateOutcome> on_payment_updated(PaymentReservations& reservations,
                                                  const bus::Message& message) {
    auto event = bus::parse_event(message);
    if (event.type != "payment.updated") {
        spdlog::warn("budget: skipped an event of type {} on {}", event.type, message.topic);
        co_return UpdateOutcome::Duplicate;  // nothing of ours to apply
    }
    event.data["version"] = event.version;
    auto update = read_payment_update(event.data);
    update.event_id = *Uuid::parse(event.id);
    update.traceparent = event.traceparent;
    const auto outcome = co_await reservations.apply_update(update);
    if (outcome == UpdateOutcome::Remembered) {
        spdlog::warn(
            "budget: payment.updated {} for payment {} without a reservation: remembered until it comes",
            event.id, update.payment_id.to_string());
    } else if (outcome != UpdateOutcome::Applied) {
        spdlog::info("budget: payment.updated {} (payment {}, sequence {}) skipped: {}", event.id,
                     update.payment_id.to_string(), update.sequence, to_string(outcome));
    }
    co_return outcome;
}

}  // namespace bh::budget
