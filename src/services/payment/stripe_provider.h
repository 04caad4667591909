#pragma once
// PaymentProvider over the Stripe API client (src/stripe): the one place that knows Stripe's
// parameter names for what the payment flows ask.
#include <memory>

#include "runtime/runtime.h"
#include "services/payment/payment_provider.h"
#include "services/payment/payment_settings.h"

namespace bh::payment {

// nullptr when no Stripe key is configured.
std::unique_ptr<PaymentProvider> make_stripe_provider(runtime::Runtime& runtime,
                                                      const StripeSettings& settings);

}  // namespace bh::payment
