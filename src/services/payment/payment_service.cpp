// Payment service: Stripe payment intents, checkout sessions, confirm, cancel, refunds, card and
// SEPA tokens, and Stripe's webhooks (services/payment/payment_routes.cpp); funds reserved on the
// budget service over Kafka request/reply before anything is charged (budget_reservations.h); a
// sweeper that releases what unpaid payments hold past payment.reservation_ttl. Platform part
// (database, outbox relay, health, readiness, metrics) from DataService.
#include "services/payment/payment_service.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "bus/admin.h"
#include "core/clock.h"
#include "identity/secured_routes.h"
#include "migrations/payment.h"
#include "redis/lock.h"
#include "runtime/caller_identity.h"
#include "runtime/data_service.h"
#include "runtime/offload.h"
#include "services/payment/budget_reservations.h"
#include "services/payment/payment_flows.h"
#include "services/payment/payment_routes.h"
#include "services/payment/payment_settings.h"
#include "services/payment/stripe_provider.h"
#include "services/payment/webhook_flows.h"

namespace bh::payment {

namespace {

namespace asio = boost::asio;

std::string instance_id(std::uint16_t port) {
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
    return std::string(host[0] != '\0' ? host : "localhost") + "-payment-" + std::to_string(port);
}

PaymentSettings read_settings(const runtime::Runtime& rt) {
    auto settings = payment_settings().read(rt.config());
    settings.topic_prefix = rt.settings().kafka.topic_prefix;
    return settings;
}

class PaymentService final : public runtime::DataService {
  public:
    explicit PaymentService(runtime::Runtime& rt)
        : DataService(rt, "payment", rt.settings().ports.payment, migrations(), {.redis = true}),
          settings_(read_settings(rt)),
          identity_(rt),
          request_reply_(
              rt.producer(),
              bus::RequestReplyOptions{.client = rt.settings().kafka.client,
                                       .reply_topic = bus::reply_topic_name(
                                           settings_.topic_prefix, instance_id(rt.settings().ports.payment)),
                                       .reply_topic_replication = rt.settings().kafka.topic_replication}),
          reservations_(request_reply_, contracts::reserve_topic(settings_.topic_prefix),
                        settings_.budget_timeout),
          provider_(make_stripe_provider(rt, settings_.stripe)),
          flows_([this]() -> db::Pool& { return db(); }, provider_.get(), reservations_, settings_, clock_),
          webhooks_([this]() -> db::Pool& { return db(); }, settings_, clock_),
          sweep_timer_(rt.io()),
          retry_lock_(
              rt.redis(), "payment-confirmation-retries",
              std::max<std::chrono::milliseconds>(settings_.sweep_interval * 4, std::chrono::minutes(2))) {
        health().add_check(identity_.readiness_check());
        identity::SecuredRoutes routes(router(), identity_.authenticator());
        add_payment_routes(routes, RouteContext{flows_, webhooks_, settings_, clock_});
        if (!provider_)
            spdlog::warn("payment: no Stripe key (payment.stripe_secret_key): commands answer 503");
        if (settings_.webhook_secrets.empty())
            spdlog::warn("payment: no webhook secret: every webhook is refused");
    }

  private:
    asio::awaitable<void> on_started() override {
        identity_.start();
        auto start_replies = [this]() {
            // Created with enough partitions for several budget instances to share the commands
            // (an auto-created topic would get the broker's default, often one).
            const auto& kafka = runtime().settings().kafka;
            bus::ensure_topics(kafka.client,
                               {contracts::reserve_topic(settings_.topic_prefix),
                                contracts::payment_updated_topic(settings_.topic_prefix)},
                               kafka.topic_partitions, kafka.topic_replication);
            request_reply_.start();
            return true;
        };
        co_await runtime::offload<bool>(runtime().blocking_pool(), std::move(start_replies));
        sweeping_ = true;
        asio::co_spawn(runtime().io(), sweep_loop(), asio::detached);
    }

    asio::awaitable<void> on_stopping(std::chrono::milliseconds /*grace*/) override {
        sweeping_ = false;
        sweep_timer_.cancel();
        identity_.stop();
        auto stop_replies = [this]() {
            request_reply_.stop();
            return true;
        };
        co_await runtime::offload<bool>(runtime().blocking_pool(), std::move(stop_replies));
    }

    // PaymentFlows::sweep() every payment.sweep_interval. Idempotent per payment (row locks, Stripe
    // idempotency keys), so instances may sweep at the same time.
    asio::awaitable<void> sweep_loop() {
        while (sweeping_) {
            sweep_timer_.expires_after(settings_.sweep_interval);
            co_await sweep_timer_.async_wait(asio::as_tuple(asio::use_awaitable));
            if (!sweeping_) break;
            try {
                auto guard = co_await retry_lock_.try_acquire();
                if (guard) {
                    const auto retried = co_await flows_.retry_confirmations();
                    co_await guard->release();
                    if (retried.reconciled + retried.expired + retried.failed > 0) {
                        spdlog::info("payment: confirmation retries: {} ended, {} again later, {} failed",
                                     retried.expired, retried.reconciled, retried.failed);
                    }
                }
            } catch (const std::exception& e) {
                spdlog::warn("payment: confirmation retries failed: {}", e.what());
            }
            try {
                const auto swept = co_await flows_.sweep();
                if (swept.expired + swept.failed > 0) {
                    spdlog::info("payment: sweep: {} reconciled, {} expired, {} failed", swept.reconciled,
                                 swept.expired, swept.failed);
                }
            } catch (const std::exception& e) {
                spdlog::warn("payment: sweep failed: {}", e.what());
            }
        }
    }

    PaymentSettings settings_;
    SystemClock clock_;
    runtime::CallerIdentity identity_;
    bus::RequestReply request_reply_;
    BudgetReservations reservations_;
    std::unique_ptr<PaymentProvider> provider_;
    PaymentFlows flows_;
    WebhookFlows webhooks_;
    asio::steady_timer sweep_timer_;
    redis::DistributedLock retry_lock_;  // one retry runner at a time across instances
    bool sweeping_ = false;
};

}  // namespace

std::unique_ptr<runtime::Service> make_service(runtime::Runtime& runtime) {
    return std::make_unique<PaymentService>(runtime);
}

std::span<const db::Migration> migrations() {
    return bh::migrations::payment();
}

}  // namespace bh::payment
