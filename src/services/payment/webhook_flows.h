#pragma once
// Stripe's webhook events applied to our payments (the signature was verified before: see
// webhook_routes.cpp). Each event is applied once, by its id, in the transaction of its effect; an
// event reporting an earlier stage than ours (Stripe reorders) changes nothing; an event for a
// payment we do not know, or of a type we do not handle, is recorded and answered 200 so Stripe
// stops sending it. Handled: payment_intent.created/processing/requires_action/succeeded/
// payment_failed/canceled, charge.succeeded/updated/refunded, refund.updated,
// checkout.session.completed/expired.
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <string>

#include "core/clock.h"
#include "db/pool.h"
#include "services/payment/payment_flows.h"
#include "services/payment/payment_settings.h"

namespace bh::payment {

struct StripeEvent {
    std::string id;              // evt_...
    std::string type;            // payment_intent.succeeded, ...
    boost::json::object object;  // data.object
};

// What happened to an event: applied, duplicate, stale, unknown-payment, unhandled-type.
enum class EventOutcome { Applied, Duplicate, Stale, UnknownPayment, UnhandledType };
std::string_view to_string(EventOutcome outcome);

class WebhookFlows {
  public:
    WebhookFlows(PoolSource pool, const PaymentSettings& settings, const Clock& clock);

    // `signature` is the delivery's Stripe-Signature header: the same delivery twice within
    // payment.webhook_tolerance is a replay → 400 WEBHOOK_REPLAYED, nothing applied.
    boost::asio::awaitable<EventOutcome> apply(StripeEvent event, std::string signature);

  private:
    db::Pool& pool() const { return pool_source_(); }

    PoolSource pool_source_;
    const PaymentSettings& settings_;
    const Clock& clock_;
};

}  // namespace bh::payment
