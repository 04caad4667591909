// payment.updated and the receipt mail: see payment_events.h.
#include "services/payment/payment_events.h"

#include <boost/json/object.hpp>

#include "contracts/payment_contract.h"
#include "core/json_text.h"
#include "db/time_text.h"
#include "outbox/outbox.h"

namespace bh::payment {

namespace json = boost::json;

namespace {

json::value text_or_null(const std::optional<std::string>& text) {
    if (!text) return nullptr;
    return json::string(*text);
}

}  // namespace

std::string payment_updated_payload(const PaymentRecord& p, TimePoint occurred_at) {
    const json::object payload{
        {"version", 1},
        {"paymentId", p.id.to_string()},
        {"sequence", p.sequence},
        {"status", std::string(to_string(p.status))},
        {"amount", p.amount ? money_json(*p.amount) : json::value(nullptr)},
        {"refundedAmount", money_json(p.refunded_amount)},
        {"currency", p.currency},
        {"stripePaymentIntentId", text_or_null(p.stripe_intent_id)},
        {"receiptUrl", text_or_null(p.receipt_url)},
        {"occurredAt", db::format_timestamp(occurred_at)},
    };
    return json_text(payload);
}

boost::asio::awaitable<void> record_change(db::Transaction& tx, PaymentRecord& payment,
                                           PaymentStatus previous, std::string_view cause,
                                           std::optional<std::string> detail, const std::string& topic_prefix,
                                           TimePoint now) {
    co_await repository::save_change(tx, payment, previous, cause, std::move(detail));
    const outbox::Event event{contracts::payment_updated_topic(topic_prefix), payment.id.to_string(),
                              "payment.updated", payment_updated_payload(payment, now)};
    co_await outbox::enqueue(tx, event);
}

boost::asio::awaitable<bool> request_receipt(db::Transaction& tx, const PaymentRecord& payment,
                                             const std::string& stripe_object_id,
                                             const std::string& receipt_url, Money amount,
                                             std::string description, const std::string& topic_prefix) {
    const auto notification_id = Uuid::v7();
    const bool first = co_await repository::claim_receipt(tx, stripe_object_id, payment.id, notification_id);
    if (!first) co_return false;
    const json::object payload{
        {"version", 1},
        {"notificationId", notification_id.to_string()},
        {"kind", "PAYMENT_RECEIPT"},
        {"to", payment.user_email},
        {"recipientName", ""},
        {"data", json::object{{"receiptUrl", receipt_url},
                              {"amount", money_json(amount)},
                              {"currency", payment.currency},
                              {"description", std::move(description)}}},
    };
    const outbox::Event event{topic_prefix + "notification.requested", notification_id.to_string(),
                              "notification.requested", json_text(payload)};
    co_await outbox::enqueue(tx, event);
    co_return true;
}

boost::asio::awaitable<void> request_outcome_mail(db::Transaction& tx, const PaymentRecord& payment,
                                                  std::string_view outcome, std::string reason,
                                                  const std::string& topic_prefix) {
    const auto notification_id = Uuid::v7();
    const json::object payload{
        {"version", 1},
        {"notificationId", notification_id.to_string()},
        {"kind", "PAYMENT_OUTCOME"},
        {"to", payment.user_email},
        {"recipientName", ""},
        {"data", json::object{{"paymentId", payment.id.to_string()},
                              {"outcome", std::string(outcome)},
                              {"amount", money_json(payment.amount.value_or(Money()))},
                              {"currency", payment.currency},
                              {"description", payment.description},
                              {"reason", std::move(reason)}}},
    };
    const outbox::Event event{topic_prefix + "notification.requested", notification_id.to_string(),
                              "notification.requested", json_text(payload)};
    co_await outbox::enqueue(tx, event);
}

}  // namespace bh::payment
