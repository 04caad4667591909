#include "services/budget/files_module.h"

#include <spdlog/spdlog.h>

#include "services/budget/export/export_routes.h"
#include "services/budget/invoices/invoice_routes.h"
#include "storage/store_factory.h"

namespace bh::budget {

namespace {

ExportSettings export_settings(const Config& config) {
    ExportSettings settings;
    settings.notification_topic = config.get_string("kafka.topic_prefix") + "notification.requested";
    settings.attach_max_bytes = config.get_int("budget.export_attach_max_bytes");
    settings.link_ttl =
        std::chrono::duration_cast<std::chrono::seconds>(config.get_duration("budget.export_link_ttl"));
    settings.concurrency = config.get_int("budget.export_concurrency");
    settings.poll_interval = config.get_duration("budget.export_poll_interval");
    settings.stale_after = config.get_duration("budget.export_stale_after");
    settings.max_attempts = static_cast<int>(config.get_int("budget.export_max_attempts"));
    settings.tmp_dir = config.get_string("budget.export_tmp_dir");
    return settings;
}

}  // namespace

struct FilesModule::Parts {
    Parts(runtime::Runtime& rt, db::Pool& pool)
        : objects(storage::make_object_store(rt.config(), rt.blocking_pool())),
          invoices(pool),
          movements(pool),
          files(invoices, *objects,
                static_cast<std::size_t>(rt.config().get_int("budget.invoice_max_file_bytes"))),
          jobs(pool),
          generator(pool, rt.blocking_pool(),
                    {.batch_rows = rt.config().get_int("budget.export_batch_rows"),
                     .tmp_dir = rt.config().get_string("budget.export_tmp_dir")}),
          runner(rt.io().get_executor(), jobs, generator, *objects, export_settings(rt.config())) {}

    std::unique_ptr<storage::ObjectStore> objects;
    InvoiceStore invoices;
    MovementQueries movements;
    InvoiceFiles files;
    ExportJobs jobs;
    ExportGenerator generator;
    ExportRunner runner;
};

FilesModule::FilesModule(runtime::Runtime& runtime, db::Pool& pool)
    : parts_(std::make_unique<Parts>(runtime, pool)) {}

FilesModule::~FilesModule() = default;

boost::asio::awaitable<void> FilesModule::start() {
    co_await parts_->objects->ensure_ready();
    parts_->runner.start();
    spdlog::info("budget files: {} object store ready, export runner {}", parts_->objects->backend(),
                 parts_->runner.owner());
}

void FilesModule::register_routes(identity::SecuredRoutes& routes) {
    register_invoice_routes(routes, {parts_->invoices, parts_->files, parts_->movements});
    register_export_routes(routes, {parts_->jobs, parts_->runner, *parts_->objects});
}

boost::asio::awaitable<void> FilesModule::stop(std::chrono::milliseconds grace) {
    co_await parts_->runner.stop(grace);
}

}  // namespace bh::budget
