#include "services/budget/ledger/movement_events.h"

#include "core/clock.h"
#include "db/time_text.h"
#include "outbox/outbox.h"
#include "services/budget/codec.h"

namespace bh::budget {

namespace {

namespace asio = boost::asio;
namespace json = boost::json;

std::string opt(const std::optional<Uuid>& id) {
    return id ? id->to_string() : std::string();
}

json::object movement_payload(const MovementRecord& m, const Actor& actor) {
    return {
        {"version", 1},
        {"movementId", m.id.to_string()},
        {"movementVersion", m.version},
        {"documentNumber", m.document_number},
        {"type", to_string(m.kind)},
        {"status", to_string(m.status)},
        {"dateOfEmission", db::format_date(m.date_of_emission)},
        {"valueWithoutIva", money_json(m.amounts.value_without_iva)},
        {"ivaValue", money_json(m.amounts.iva_value)},
        {"totalValue", money_json(m.amounts.total_value)},
        {"bookedAmount", money_json(m.booked_amount)},
        {"supplierId", m.supplier_id ? json::value(m.supplier_id->to_string()) : json::value(nullptr)},
        {"budgetTypeId", m.link.type_id ? json::value(m.link.type_id->to_string()) : json::value(nullptr)},
        {"budgetSubtypeId",
         m.link.subtype_id ? json::value(m.link.subtype_id->to_string()) : json::value(nullptr)},
        // A payment's line (docs/dev/payment-contract.md): the payment and the part of bookedAmount
        // that is only reserved; null and 0.00 for other movements.
        {"paymentId", m.payment_id ? json::value(m.payment_id->to_string()) : json::value(nullptr)},
        {"reservedAmount", money_json(m.reserved_amount)},
        {"userId", actor.user_id},
        {"occurredAt", db::format_timestamp(system_clock().now())},
    };
}

bus::Headers trace_headers(const Actor& actor) {
    bus::Headers headers;
    if (!actor.traceparent.empty()) headers.push_back({"traceparent", actor.traceparent});
    return headers;
}

}  // namespace

asio::awaitable<void> MovementEvents::created(db::Transaction& tx, const MovementRecord& movement,
                                              const Actor& actor) const {
    // A named Event, not a braced temporary: g++ 12 destroys aggregate temporaries of a
    // co_await full-expression twice.
    const outbox::Event event{prefix_ + "movement.created", movement.id.to_string(), "movement.created",
                              json_text(movement_payload(movement, actor)), trace_headers(actor)};
    co_await outbox::enqueue(tx, event);
}

asio::awaitable<void> MovementEvents::updated(db::Transaction& tx, const MovementRecord& before,
                                              const MovementRecord& after, const Actor& actor) const {
    auto payload = movement_payload(after, actor);
    payload["previousStatus"] = to_string(before.status);
    payload["previousTotalValue"] = money_json(before.amounts.total_value);
    payload["previousBookedAmount"] = money_json(before.booked_amount);
    // A named Event, not a braced temporary: g++ 12 destroys aggregate temporaries of a
    // co_await full-expression twice.
    const outbox::Event event{prefix_ + "movement.updated", after.id.to_string(), "movement.updated",
                              json_text(payload), trace_headers(actor)};
    co_await outbox::enqueue(tx, event);
}

asio::awaitable<void> MovementEvents::deleted(db::Transaction& tx, const MovementRecord& movement,
                                              const Actor& actor) const {
    auto payload = movement_payload(movement, actor);
    payload["releasedAmount"] = money_json(movement.booked_amount);
    // A named Event, not a braced temporary: g++ 12 destroys aggregate temporaries of a
    // co_await full-expression twice.
    const outbox::Event event{prefix_ + "movement.deleted", movement.id.to_string(), "movement.deleted",
                              json_text(payload), trace_headers(actor)};
    co_await outbox::enqueue(tx, event);
}

asio::awaitable<void> MovementEvents::crossings(db::Transaction& tx,
                                                const std::vector<ThresholdCrossing>& crossings,
                                                const Uuid& movement_id, const Actor& actor) const {
    for (const auto& c : crossings) {
        const std::string budget_id = c.subtype_id ? c.subtype_id->to_string() : c.type_id.to_string();
        json::object threshold{
            {"version", 1},
            {"budgetTypeId", c.type_id.to_string()},
            {"budgetTypeName", c.type_name},
            {"budgetSubtypeId", c.subtype_id ? json::value(opt(c.subtype_id)) : json::value(nullptr)},
            {"budgetSubtypeName", c.subtype_name ? json::value(*c.subtype_name) : json::value(nullptr)},
            {"thresholdPercent", c.percent},
            {"allocated", money_json(c.allocated)},
            {"spent", money_json(c.spent)},
            {"available", money_json(c.available)},
            {"movementId", movement_id.to_string()},
            {"userId", actor.user_id},
        };
        // A named Event, not a braced temporary: g++ 12 destroys aggregate temporaries of a
        // co_await full-expression twice.
        const outbox::Event event{prefix_ + "budget.threshold-crossed", budget_id, "budget.threshold-crossed",
                                  json_text(threshold), trace_headers(actor)};
        co_await outbox::enqueue(tx, event);
        if (actor.email.empty()) continue;  // nobody to tell (a token without e-mail)
        json::object data{
            {"budgetTypeId", c.type_id.to_string()}, {"budgetTypeName", c.type_name},
            {"thresholdPercent", c.percent},         {"allocated", money_json(c.allocated)},
            {"spent", money_json(c.spent)},          {"available", money_json(c.available)},
        };
        if (c.subtype_id) {
            data["budgetSubtypeId"] = c.subtype_id->to_string();
            data["budgetSubtypeName"] = *c.subtype_name;
        }
        const auto notification_id = Uuid::v7().to_string();
        json::object notification{
            {"version", 1},
            {"notificationId", notification_id},
            {"kind", "BUDGET_ALERT"},
            {"to", actor.email},
            {"recipientName", actor.email.substr(0, actor.email.find('@'))},
            {"data", std::move(data)},
        };
        // A named Event, not a braced temporary: g++ 12 destroys aggregate temporaries of a
        // co_await full-expression twice.
        const outbox::Event notification_event{prefix_ + "notification.requested", notification_id,
                                               "notification.requested", json_text(notification),
                                               trace_headers(actor)};
        co_await outbox::enqueue(tx, notification_event);
    }
}

}  // namespace bh::budget
