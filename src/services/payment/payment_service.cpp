// Payment service skeleton: health, readiness, metrics. Its domain arrives with its own issue.
#include "services/payment/payment_service.h"

#include "runtime/http_service.h"

namespace bh::payment {

namespace {

class PaymentService final : public runtime::HttpService {
  public:
    explicit PaymentService(runtime::Runtime& rt)
        : HttpService(rt, "payment", static_cast<std::uint16_t>(rt.config().get_int("payment.port"))) {}
};

}  // namespace

std::unique_ptr<runtime::Service> make_service(runtime::Runtime& runtime) {
    return std::make_unique<PaymentService>(runtime);
}

}  // namespace bh::payment
