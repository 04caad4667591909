#pragma once
// The payment service's HTTP routes (HTTP only: read the request, call a flow, write the answer):
// the seed's seven commands under /api/v1/payment, GET /api/v1/payment/{id} and /all, and the
// Stripe webhook. Roles come from the route table (identity/access_policy.cpp) through
// identity::SecuredRoutes; the webhook is public and authenticated by its signature instead.
#include "http/router.h"
#include "identity/secured_routes.h"
#include "services/payment/payment_flows.h"
#include "services/payment/payment_settings.h"
#include "services/payment/webhook_flows.h"

namespace bh::payment {

struct RouteContext {
    PaymentFlows& flows;
    WebhookFlows& webhooks;
    const PaymentSettings& settings;
    const Clock& clock;
};

void add_payment_routes(identity::SecuredRoutes& routes, RouteContext context);

}  // namespace bh::payment
