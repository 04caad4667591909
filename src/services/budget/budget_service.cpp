// Budget service: its database (created and migrated at start), outbox relay, health, readiness and
// metrics, the caller's identity (JWKS + deny-list), the routes of the budget domain, and the
// consumers of the payment contract (budget.reserve commands, payment.updated events).
#include "services/budget/budget_service.h"

#include "bus/admin.h"
#include "identity/secured_routes.h"
#include "migrations/budget.h"
#include "runtime/caller_identity.h"
#include "runtime/data_service.h"
#include "runtime/offload.h"
#include "services/budget/budget_routes.h"
#include "services/budget/files_module.h"
#include "services/budget/payments/payment_consumers.h"

namespace bh::budget {

namespace {

boost::asio::awaitable<void> apply_payment_event(PaymentReservations& payments, const bus::Message& message) {
    co_await on_payment_updated(payments, message);
}

class BudgetService final : public runtime::DataService {
  public:
    explicit BudgetService(runtime::Runtime& rt)
        : DataService(rt, "budget", rt.settings().ports.budget, migrations(), {.redis = true}),
          identity_(rt) {
        health().add_check(identity_.readiness_check());
        allow_body_bytes(
            body_limit_of(rt.settings().http, "budget"));  // invoice files, as base64 or multipart
    }

  private:
    // The pool exists from here on, and the router is handed to the server right after.
    boost::asio::awaitable<void> on_started() override {
        identity_.start();
        context_ = std::make_unique<BudgetContext>(
            BudgetContext{db(), identity_.authenticator(), runtime().settings().kafka.topic_prefix});
        identity::SecuredRoutes routes(router(), identity_.authenticator());
        register_type_routes(routes, *context_);
        register_subtype_routes(routes, *context_);
        register_supplier_routes(routes, *context_);
        register_movement_routes(routes, *context_);
        register_usage_routes(routes, *context_);
        // Invoices, attached files and the Excel export (issue 4 part 2).
        files_ = std::make_unique<FilesModule>(runtime(), db());
        co_await files_->start();
        files_->register_routes(routes);
        // Payments (docs/dev/payment-contract.md): reservations answered by request/reply, then the
        // payment's state changes.
        const auto& prefix = context_->topic_prefix;
        payments_ = std::make_unique<PaymentReservations>(db(), MovementEvents(prefix));
        // Named handlers, not lambda temporaries in this coroutine's body (docs/dev/gcc12-coroutines.md).
        // The payment topics exist before the consumers subscribe (a consumer subscribed to a topic
        // not there yet notices it only at its next metadata refresh), with the partitions payment
        // creates them with: whichever service starts first makes them.
        auto make_topics = [this, prefix]() {
            const auto& kafka = runtime().settings().kafka;
            bus::ensure_topics(kafka.client, {reserve_topic(prefix), payment_updated_topic(prefix)},
                               kafka.topic_partitions, kafka.topic_replication);
            return true;
        };
        co_await runtime::offload<bool>(runtime().blocking_pool(), std::move(make_topics));
        auto reserve = [this](const bus::Message& message) {
            return on_reserve_command(*payments_, runtime().producer(), message);
        };
        consume(kReserveGroup, {reserve_topic(prefix)}, std::move(reserve));
        auto apply = [this](const bus::Message& message) { return apply_payment_event(*payments_, message); };
        consume(kPaymentUpdatesGroup, {payment_updated_topic(prefix)}, std::move(apply));
    }

    boost::asio::awaitable<void> on_stopping(std::chrono::milliseconds grace) override {
        if (files_) co_await files_->stop(grace);
        identity_.stop();
        co_return;
    }

    runtime::CallerIdentity identity_;
    std::unique_ptr<BudgetContext> context_;
    std::unique_ptr<FilesModule> files_;
    std::unique_ptr<PaymentReservations> payments_;
};

}  // namespace

std::unique_ptr<runtime::Service> make_service(runtime::Runtime& runtime) {
    return std::make_unique<BudgetService>(runtime);
}

std::span<const db::Migration> migrations() {
    return bh::migrations::budget();
}

}  // namespace bh::budget
