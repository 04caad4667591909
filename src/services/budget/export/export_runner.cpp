#include "services/budget/export/export_runner.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/error.h"
#include "services/budget/export/export_notification.h"

namespace bh::budget {

namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;

constexpr const char* kGenerateFailed = "Failed to generate the Excel file";

std::string make_owner() {
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    return std::string(host) + ":" + std::to_string(::getpid()) + ":" + Uuid::v7().to_string().substr(24);
}

bool is_transient(const AppError& error) {
    return error.kind() == ErrorKind::Unavailable || error.kind() == ErrorKind::Timeout;
}

}  // namespace

ExportRunner::ExportRunner(const asio::any_io_executor& executor, ExportJobs& jobs,
                           ExportGenerator& generator, storage::ObjectStore& objects, ExportSettings settings)
    : strand_(asio::make_strand(executor)),
      jobs_(jobs),
      generator_(generator),
      objects_(objects),
      settings_(std::move(settings)),
      owner_(make_owner()),
      timer_(strand_) {
    if (settings_.tmp_dir.empty()) settings_.tmp_dir = fs::temp_directory_path();
}

void ExportRunner::start() {
    loop_running_ = true;
    asio::co_spawn(strand_, loop(), [this](const std::exception_ptr& error) {
        loop_running_ = false;
        if (error) spdlog::error("export runner stopped on an error");
    });
}

void ExportRunner::kick() {
    asio::post(strand_, [this] { timer_.cancel(); });
}

asio::awaitable<void> ExportRunner::stop(std::chrono::milliseconds grace) {
    stopping_ = true;
    kick();
    const auto deadline = std::chrono::steady_clock::now() + grace;
    asio::steady_timer wait(co_await asio::this_coro::executor);
    while ((active_ > 0 || loop_running_) && std::chrono::steady_clock::now() < deadline) {
        wait.expires_after(std::chrono::milliseconds(20));
        co_await wait.async_wait(asio::as_tuple(asio::use_awaitable));
    }
}

asio::awaitable<void> ExportRunner::loop() {
    while (!stopping_) {
        try {
            const auto recovered =
                co_await jobs_.recover_stale(settings_.stale_after, settings_.max_attempts);
            if (recovered > 0) spdlog::warn("export: {} abandoned job(s) queued again or failed", recovered);
            while (!stopping_ && active_ < settings_.concurrency) {
                std::string claim = owner_ + "/" + Uuid::v7().to_string();
                auto job = co_await jobs_.claim_next(claim);
                if (!job) break;
                ++active_;
                asio::co_spawn(strand_, run(std::move(*job), std::move(claim)), asio::detached);
            }
        } catch (const std::exception& error) {
            spdlog::warn("export runner: {}", error.what());
        }
        if (stopping_) break;
        timer_.expires_after(settings_.poll_interval);
        co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
    }
}

asio::awaitable<bool> ExportRunner::progress(Uuid id, std::string claim, std::int64_t rows,
                                             std::int64_t total) {
    if (stopping_) co_return false;
    co_return co_await jobs_.heartbeat(id, claim, rows, total);
}

asio::awaitable<void> ExportRunner::run(ExportJob job, std::string claim) {
    const fs::path file = settings_.tmp_dir / ("bh-export-" + job.id.to_string() + "-" +
                                               claim.substr(claim.size() - 12) + ".xlsx");
    const auto started = std::chrono::steady_clock::now();
    std::exception_ptr failure;
    try {
        spdlog::info("export {}: started (attempt {})", job.id.to_string(), job.attempts);
        const Uuid id = job.id;
        const ExportProgress on_progress = [this, id, claim](std::int64_t rows, std::int64_t total) {
            return progress(id, claim, rows, total);
        };
        const std::int64_t rows = co_await generator_.write(job.filter, file, on_progress);
        co_await deliver(job, claim, file, rows);
        const auto ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
        spdlog::info("export {}: done, {} rows in {} ms", job.id.to_string(), rows, ms.count());
    } catch (...) {
        failure = std::current_exception();
    }
    std::error_code ignored;
    fs::remove(file, ignored);
    if (failure) {
        std::string code = kExportFailed;
        std::string reason = kGenerateFailed;
        try {
            std::rethrow_exception(failure);
        } catch (const AppError& error) {
            spdlog::warn("export {}: {} ({})", job.id.to_string(), error.what(), error.detail());
            // A report that cannot be made as asked (too many rows for a sheet) says why.
            if (error.kind() == ErrorKind::BadRequest) {
                reason = error.public_message();
                if (error.code() == kExportTooLarge) code = kExportTooLarge;  // the codes the API documents
            }
            const bool retry = stopping_ || (is_transient(error) && job.attempts < settings_.max_attempts);
            failure = retry ? nullptr : std::current_exception();
        } catch (const std::exception& error) {
            spdlog::error("export {}: {}", job.id.to_string(), error.what());
        }
        try {
            if (failure) {
                co_await jobs_.fail(job.id, claim, code, reason);
            } else {
                co_await jobs_.release(job.id, claim);
            }
        } catch (const std::exception& error) {
            // The heartbeat stops; recover_stale picks the job up later.
            spdlog::warn("export {}: could not record the outcome: {}", job.id.to_string(), error.what());
        }
    }
    --active_;
    if (!stopping_) kick();
}

asio::awaitable<void> ExportRunner::deliver(const ExportJob& job, const std::string& claim,
                                            const fs::path& file, std::int64_t rows) {
    const auto size = static_cast<std::int64_t>(fs::file_size(file));
    const std::string key = "exports/" + job.id.to_string() + ".xlsx";
    co_await objects_.put_file(key, file, kXlsxContentType);

    ExportReady ready{.notification_id = Uuid::v7(),
                      .job_id = job.id,
                      .recipient = job.recipient,
                      .filter = job.filter,
                      .row_count = rows,
                      .storage_key = key,
                      .size_bytes = size,
                      .download_url = std::nullopt,
                      .download_expires_at = std::nullopt};
    if (size > settings_.attach_max_bytes) {
        ready.download_url = objects_.presigned_get_url(key, settings_.link_ttl);
        if (ready.download_url) {
            ready.download_expires_at = std::chrono::system_clock::now() + settings_.link_ttl;
        } else {
            spdlog::warn(
                "export {}: {} bytes, over the attachment limit, but the {} store has no links; attaching",
                job.id.to_string(), size, objects_.backend());
        }
    }
    const outbox::Event event{.topic = settings_.notification_topic,
                              .key = ready.notification_id.to_string(),
                              .type = "notification.requested",
                              .payload = export_ready_payload(ready)};
    co_await jobs_.complete(job.id, claim, rows, key, size, event);
}

}  // namespace bh::budget
