// Payment service: its database (created and migrated at start), outbox relay, health, readiness and
// metrics. Its domain routes arrive with its own issue.
#include "services/payment/payment_service.h"

#include "migrations/payment.h"
#include "runtime/data_service.h"

namespace bh::payment {

namespace {

class PaymentService final : public runtime::DataService {
  public:
    explicit PaymentService(runtime::Runtime& rt)
        : DataService(rt, "payment", static_cast<std::uint16_t>(rt.config().get_int("payment.port")),
                      migrations(), {.redis = true}) {}
};

}  // namespace

std::unique_ptr<runtime::Service> make_service(runtime::Runtime& runtime) {
    return std::make_unique<PaymentService>(runtime);
}

std::span<const db::Migration> migrations() {
    return bh::migrations::payment();
}

}  // namespace bh::payment
