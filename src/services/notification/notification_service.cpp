// Notification service: consumes `notification.requested`, stores each request once, and its
// dispatcher sends the e-mails over SMTP with retries; GET /api/v1/notification/all (ADMIN) lists
// them. Platform part (database, relay, health, readiness, metrics) from DataService.
#include "services/notification/notification_service.h"

#include <boost/asio/thread_pool.hpp>

#include "identity/principal.h"
#include "identity/roles.h"
#include "identity/secured_routes.h"
#include "mail/smtp_sender.h"
#include "migrations/notification.h"
#include "runtime/caller_identity.h"
#include "runtime/data_service.h"
#include "services/notification/intake.h"
#include "services/notification/list_route.h"
#include "services/notification/notification_settings.h"
#include "services/notification/sending/dispatcher.h"
#include "storage/store_factory.h"

namespace bh::notification {

namespace {

// SMTP and object-storage calls block for up to their timeouts: they get threads of their own, so
// they never hold up the runtime's shared blocking pool (Kafka probes, file work).
constexpr std::size_t kMailThreads = 2;

class NotificationService final : public runtime::DataService {
  public:
    explicit NotificationService(runtime::Runtime& rt)
        : NotificationService(rt, mail::mail_settings().read(rt.config()),
                              storage::storage_settings().read(rt.config())) {}

  private:
    NotificationService(runtime::Runtime& rt, const mail::MailSettings& mail,
                        const storage::StorageSettings& storage)
        : DataService(rt, "notification", rt.settings().ports.notification, migrations(), {.redis = true}),
          options_(dispatcher_options(notification_settings().read(rt.config()), mail, storage)),
          sender_(mail::smtp_options(mail), mail_pool_),
          store_(storage::make_object_store(storage, mail_pool_)),
          identity_(rt) {
        health().add_check(identity_.readiness_check());
        identity::SecuredRoutes routes(router(), identity_.authenticator());
        routes.add(http::Method::Get, kListPath, [this](http::Request& request, const identity::Principal&) {
            return list_notifications_response(db(), request);
        });
    }

    boost::asio::awaitable<void> on_started() override {
        identity_.start();
        dispatcher_ = std::make_unique<Dispatcher>(runtime().io().get_executor(), db(), sender_, store_.get(),
                                                   options_);
        dispatcher_->start();
        const std::string topic = runtime().settings().kafka.topic_prefix + "notification.requested";
        consume("notification", {topic}, [this](const bus::Message& message) { return accept(message); });
        co_return;
    }

    boost::asio::awaitable<void> on_stopping(std::chrono::milliseconds /*grace*/) override {
        identity_.stop();
        if (dispatcher_) co_await dispatcher_->stop();
    }

    boost::asio::awaitable<void> accept(const bus::Message& message) {
        // Not `if (co_await ...)`: g++ 12 miscompiles a co_await inside an if condition.
        const auto outcome = co_await accept_notification_event(db(), message);
        if (outcome == IntakeOutcome::Stored) dispatcher_->wake();
    }

    boost::asio::thread_pool mail_pool_{kMailThreads};
    DispatcherOptions options_;
    mail::SmtpSender sender_;
    std::unique_ptr<storage::ObjectStore> store_;
    runtime::CallerIdentity identity_;
    std::unique_ptr<Dispatcher> dispatcher_;
};

}  // namespace

std::unique_ptr<runtime::Service> make_service(runtime::Runtime& runtime) {
    return std::make_unique<NotificationService>(runtime);
}

std::span<const db::Migration> migrations() {
    return bh::migrations::notification();
}

}  // namespace bh::notification
