// The `budget.reserve` command and its reply: see budget_reservations.h.
#include "services/payment/budget_reservations.h"

#include <boost/json/parse.hpp>

#include "core/json_text.h"

namespace bh::payment {

namespace json = boost::json;

namespace {

json::value optional_uuid(const std::optional<Uuid>& id) {
    if (!id) return nullptr;
    return json::string(id->to_string());
}

std::string text_of(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

// "NUMBER with two decimals" or a decimal string: the budget service writes numbers.
std::optional<Money> money_of(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    if (!value) return std::nullopt;
    if (value->is_string()) return Money::parse(value->as_string());
    if (value->is_int64()) return Money::from_units(value->as_int64());
    if (value->is_double()) return Money::from_double(value->as_double());
    return std::nullopt;
}

}  // namespace

std::string reservation_payload(const ReservationRequest& request) {
    json::array lines;
    for (const auto& line : request.lines) {
        lines.push_back(json::object{
            {"budgetTypeId", optional_uuid(line.budget_type_id)},
            {"budgetSubtypeId", optional_uuid(line.budget_subtype_id)},
            {"supplierId", line.supplier_id.to_string()},
            {"valueWithoutIva", money_json(line.value_without_iva)},
            {"ivaRate", money_json(Money::from_cents(line.iva_rate_basis_points))},
        });
    }
    const json::object payload{
        {"version", 1},
        {"paymentId", request.payment_id.to_string()},
        {"description", request.description},
        {"userId", request.user_id.to_string()},
        {"dateOfEmission", request.date_of_emission},
        {"lines", std::move(lines)},
    };
    return json_text(payload);
}

Reservation read_reservation_reply(std::string_view payload) {
    json::value parsed;
    try {
        parsed = json::parse(payload);
    } catch (const std::exception& e) {
        throw AppError(ErrorKind::Unavailable, "BUDGET_UNAVAILABLE", "The budget service answered badly.",
                       std::string("reservation reply is not JSON: ") + e.what());
    }
    if (!parsed.is_object()) {
        throw AppError(ErrorKind::Unavailable, "BUDGET_UNAVAILABLE", "The budget service answered badly.",
                       "reservation reply is not an object");
    }
    const auto& reply = parsed.as_object();
    const auto outcome = text_of(reply, "outcome");
    const auto message = text_of(reply, "message");
    if (outcome == "RESERVED") {
        const auto total = money_of(reply, "total");
        const auto* movements = reply.if_contains("movements");
        if (!total || total->is_negative() || total->is_zero() || !movements || !movements->is_array()) {
            throw AppError(ErrorKind::Unavailable, "BUDGET_UNAVAILABLE", "The budget service answered badly.",
                           "RESERVED without a positive total and movements");
        }
        return Reservation{*total, movements->as_array()};
    }
    if (outcome == "BUDGET_EXCEEDED") throw bad_request(message, "BUDGET_EXCEEDED");
    if (outcome == "NOT_FOUND") throw not_found(message);
    if (outcome == "INVALID") {
        std::vector<FieldError> fields;
        if (const auto* errors = reply.if_contains("errors"); errors && errors->is_array()) {
            for (const auto& error : errors->as_array()) {
                if (!error.is_object()) continue;
                fields.push_back(
                    {"items: " + text_of(error.as_object(), "field"), text_of(error.as_object(), "message")});
            }
        }
        throw bad_request(message.empty() ? "The payment's items are not valid." : message)
            .with_fields(fields);
    }
    throw AppError(ErrorKind::Unavailable, "BUDGET_UNAVAILABLE", "The budget service answered badly.",
                   "reservation outcome '" + outcome + "'");
}

BudgetReservations::BudgetReservations(bus::RequestReply& request_reply, std::string topic,
                                       std::chrono::milliseconds timeout)
    : request_reply_(request_reply), topic_(std::move(topic)), timeout_(timeout) {}

boost::asio::awaitable<Reservation> BudgetReservations::reserve(const ReservationRequest& request) {
    auto payload = reservation_payload(request);
    auto key = request.payment_id.to_string();
    const auto answer = co_await request_reply_.request(topic_, std::move(key), std::move(payload), timeout_);
    co_return read_reservation_reply(answer.payload);
}

}  // namespace bh::payment
