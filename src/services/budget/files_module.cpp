#include "services/budget/files_module.h"

#include <spdlog/spdlog.h>

#include "services/budget/budget_settings.h"
#include "services/budget/export/export_routes.h"
#include "services/budget/invoices/invoice_routes.h"
#include "storage/store_factory.h"

namespace bh::budget {

namespace {

ExportSettings runner_settings(const ExportConfig& config, const std::string& topic_prefix) {
    ExportSettings settings;
    settings.notification_topic = topic_prefix + "notification.requested";
    settings.attach_max_bytes = config.attach_max_bytes;
    settings.link_ttl = config.link_ttl;
    settings.concurrency = config.concurrency;
    settings.poll_interval = config.poll_interval;
    settings.stale_after = config.stale_after;
    settings.max_attempts = config.max_attempts;
    settings.tmp_dir = config.tmp_dir;
    return settings;
}

}  // namespace

struct FilesModule::Parts {
    Parts(runtime::Runtime& rt, db::Pool& pool, const ExportConfig& exports)
        : objects(
              storage::make_object_store(storage::storage_settings().read(rt.config()), rt.blocking_pool())),
          invoices(pool),
          movements(pool),
          files(invoices, *objects, rt.settings().http.max_upload_file_bytes),
          jobs(pool),
          generator(pool, rt.blocking_pool(),
                    {.batch_rows = exports.batch_rows, .compression = exports.compression}),
          runner(rt.io().get_executor(), jobs, generator, *objects,
                 runner_settings(exports, rt.settings().kafka.topic_prefix)) {}

    std::unique_ptr<storage::ObjectStore> objects;
    InvoiceStore invoices;
    MovementQueries movements;
    InvoiceFiles files;
    ExportJobs jobs;
    ExportGenerator generator;
    ExportRunner runner;
};

FilesModule::FilesModule(runtime::Runtime& runtime, db::Pool& pool)
    : parts_(std::make_unique<Parts>(runtime, pool, budget_settings().read(runtime.config()).exports)) {}

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
