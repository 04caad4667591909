// Stripe's webhook events applied once: see webhook_flows.h.
#include "services/payment/webhook_flows.h"

#include <boost/json/value.hpp>

#include "core/error.h"
#include "db/transaction.h"
#include "services/payment/domain/payment_items.h"
#include "services/payment/domain/payment_status.h"
#include "services/payment/payment_events.h"
#include "services/payment/payment_repository.h"

namespace bh::payment {

namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using std::string;

std::optional<string> text(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    if (value == nullptr || !value->is_string()) return std::nullopt;
    return string(value->as_string());
}

// An id field that Stripe sends as a string, or as the expanded object.
std::optional<string> id_of(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    if (value == nullptr) return std::nullopt;
    if (value->is_string()) return string(value->as_string());
    if (value->is_object()) return text(value->as_object(), "id");
    return std::nullopt;
}

std::int64_t integer(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    if (value == nullptr) return 0;
    if (value->is_int64()) return value->as_int64();
    if (value->is_uint64()) return static_cast<std::int64_t>(value->as_uint64());
    return 0;
}

std::optional<string> metadata_payment_id(const json::object& object) {
    const auto* metadata = object.if_contains("metadata");
    if (metadata == nullptr || !metadata->is_object()) return std::nullopt;
    return text(metadata->as_object(), "payment_id");
}

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

// The payment an event is about, locked.
asio::awaitable<std::optional<PaymentRecord>> payment_of(db::Transaction& tx, const StripeEvent& event) {
    const auto& object = event.object;
    std::optional<PaymentRecord> found;
    if (starts_with(event.type, "payment_intent.")) {
        if (auto id = text(object, "id")) found = co_await repository::lock_by_intent(tx, *id);
    } else if (starts_with(event.type, "charge.") || starts_with(event.type, "refund.")) {
        if (auto id = id_of(object, "payment_intent")) found = co_await repository::lock_by_intent(tx, *id);
    } else if (starts_with(event.type, "checkout.session.")) {
        if (auto id = text(object, "id")) found = co_await repository::lock_by_session(tx, *id);
    }
    if (!found) {
        // A session's intent is unknown until the session completes: the metadata names ours.
        if (auto id = metadata_payment_id(object)) {
            if (auto uuid = Uuid::parse(*id)) found = co_await repository::lock(tx, *uuid);
        }
    }
    co_return found;
}

}  // namespace

std::string_view to_string(EventOutcome outcome) {
    switch (outcome) {
        case EventOutcome::Applied:
            return "applied";
        case EventOutcome::Duplicate:
            return "duplicate";
        case EventOutcome::Stale:
            return "stale";
        case EventOutcome::UnknownPayment:
            return "unknown-payment";
        case EventOutcome::UnhandledType:
            return "unhandled-type";
    }
    return "applied";
}

WebhookFlows::WebhookFlows(PoolSource pool, const PaymentSettings& settings, const Clock& clock)
    : pool_source_(std::move(pool)), settings_(settings), clock_(clock) {}

asio::awaitable<EventOutcome> WebhookFlows::apply(StripeEvent event, string signature) {
    EventOutcome outcome = EventOutcome::Applied;
    auto work = [&](db::Transaction& tx) -> asio::awaitable<void> {
        outcome = EventOutcome::Applied;
        const bool fresh = co_await repository::remember_signature(
            tx, signature, clock_.now() - settings_.webhook_tolerance);
        if (!fresh) {
            throw bad_request("This webhook delivery was already received (a replay).", "WEBHOOK_REPLAYED");
        }
        auto payment = co_await payment_of(tx, event);
        const auto& object = event.object;
        const std::optional<Uuid> payment_id = payment ? std::optional(payment->id) : std::nullopt;
        // Recorded first: an event seen before changes nothing (its outcome is set at the end).
        const bool first =
            co_await repository::record_event(tx, event.id, event.type, payment_id, "received");
        if (!first) {
            outcome = EventOutcome::Duplicate;
            co_return;
        }
        const auto cause = "webhook " + event.type + " " + event.id;
        const auto previous = payment ? payment->status : PaymentStatus::Created;
        std::optional<PaymentStatus> next;
        bool fields_changed = false;
        std::optional<std::pair<string, Money>> receipt;  // stripe object id, amount
        string receipt_description;

        if (!payment) {
            outcome = EventOutcome::UnknownPayment;
        } else if (starts_with(event.type, "payment_intent.")) {
            const auto status = text(object, "status").value_or("");
            const auto reported = from_stripe_intent(status);
            if (!reported) {
                outcome = EventOutcome::UnhandledType;
            } else {
                next = reconcile(payment->status, *reported);
                if (auto charge = id_of(object, "latest_charge");
                    charge && charge != payment->latest_charge_id) {
                    payment->latest_charge_id = charge;
                    fields_changed = true;
                }
                if (const auto* error = object.if_contains("last_payment_error");
                    error && error->is_object()) {
                    payment->last_error = text(error->as_object(), "message");
                    fields_changed = true;
                }
            }
        } else if (event.type == "charge.succeeded" || event.type == "charge.updated" ||
                   event.type == "charge.refunded") {
            const auto charge_id = text(object, "id").value_or("");
            const auto receipt_url = text(object, "receipt_url");
            if (text(object, "status") == std::optional<string>("succeeded")) {
                next = reconcile(payment->status, PaymentStatus::Succeeded);
                if (payment->latest_charge_id != charge_id) {
                    payment->latest_charge_id = charge_id;
                    fields_changed = true;
                }
                // A charge's receipt URL changes with each refund: an event about fewer refunded cents
                // than we know of is older, and its URL too.
                const bool current =
                    Money::from_cents(integer(object, "amount_refunded")) >= payment->refunded_amount;
                if (receipt_url && receipt_url != payment->receipt_url && current) {
                    payment->receipt_url = receipt_url;
                    fields_changed = true;
                }
                if (payment->amount && receipt_url && !charge_id.empty()) {
                    receipt = std::pair(charge_id, *payment->amount);
                    receipt_description = payment->description;
                }
            }
            const auto reported = Money::from_cents(integer(object, "amount_refunded"));
            // Never more than was paid (a bogus or foreign figure), never less than we know of.
            const auto capped = payment->amount && reported > *payment->amount ? *payment->amount : reported;
            if (payment->amount && capped > payment->refunded_amount) {
                const auto newly = capped - payment->refunded_amount;
                payment->refunded_amount = capped;
                const auto paid_status = next.value_or(payment->status);
                if (is_paid(paid_status)) next = status_after_refunds(*payment->amount, capped);
                fields_changed = true;
                if (receipt_url) {
                    // One mail per refunded level of this charge (each refund raises it).
                    receipt = std::pair(charge_id + "-refunded-" + std::to_string(capped.cents()), newly);
                    receipt_description = "Refund: " + payment->description;
                }
            }
        } else if (event.type == "refund.updated") {
            const auto status = text(object, "status").value_or("");
            if (auto id = text(object, "id"); id && (status == "failed" || status == "canceled")) {
                co_await repository::settle_refund_by_stripe_id(tx, *id,
                                                                status == "failed" ? "FAILED" : "CANCELED");
            } else if (id && status == "succeeded") {
                co_await repository::settle_refund_by_stripe_id(tx, *id, "SUCCEEDED");
            }
        } else if (event.type == "checkout.session.completed") {
            if (auto intent = id_of(object, "payment_intent");
                intent && intent != payment->stripe_intent_id) {
                payment->stripe_intent_id = intent;
                fields_changed = true;
            }
            const auto paid = text(object, "payment_status") == std::optional<string>("paid");
            next = reconcile(payment->status, paid ? PaymentStatus::Succeeded : PaymentStatus::Processing);
        } else if (event.type == "checkout.session.expired") {
            next = reconcile(payment->status, PaymentStatus::Canceled);
        } else {
            outcome = EventOutcome::UnhandledType;
        }

        bool mailed = false;
        if (payment && outcome == EventOutcome::Applied) {
            if (next) payment->status = *next;
            if (next || fields_changed) {
                co_await record_change(tx, *payment, previous, cause, std::nullopt, settings_.topic_prefix,
                                       clock_.now());
            }
            if (receipt && payment->receipt_url && is_paid(payment->status)) {
                mailed =
                    co_await request_receipt(tx, *payment, receipt->first, *payment->receipt_url,
                                             receipt->second, receipt_description, settings_.topic_prefix);
            }
            if (!next && !fields_changed && !mailed && event.type != "refund.updated") {
                outcome = EventOutcome::Stale;
            }
        }
        co_await repository::set_event_outcome(tx, event.id, to_string(outcome));
    };
    co_await db::with_transaction(pool(), db::Isolation::ReadCommitted, std::move(work));
    co_return outcome;
}

}  // namespace bh::payment
