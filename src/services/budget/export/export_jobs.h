#pragma once
// The export_jobs table: a job's life QUEUED -> RUNNING -> DONE | FAILED, claimed by one instance at a
// time (FOR UPDATE SKIP LOCKED), with a heartbeat so a job whose instance died is found and run again.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "db/pool.h"
#include "outbox/outbox.h"
#include "services/budget/export/export_filter.h"

namespace bh::budget {

// A failed job's error codes (ExportJob::error_code), besides kExportTooLarge.
inline constexpr const char* kExportFailed = "FAILED_TO_GENERATE_EXCEL";
inline constexpr const char* kExportInterrupted = "EXPORT_INTERRUPTED";

struct ExportJob {
    Uuid id;
    std::string requested_by;
    std::string recipient;
    ExportFilter filter;
    std::string state;
    std::int64_t rows_written = 0;
    std::optional<std::int64_t> rows_total;  // counted when the run starts
    std::int32_t attempts = 0;
    std::optional<std::string> storage_key;
    std::optional<std::int64_t> size_bytes;
    std::optional<std::string> error;
    // Why it FAILED, for a client to act on (null otherwise): kExportFailed (starting again may help),
    // kExportTooLarge (export_generator.h: choose fewer movements), kExportInterrupted.
    std::optional<std::string> error_code;
    std::chrono::system_clock::time_point created_at;
    std::optional<std::chrono::system_clock::time_point> started_at;
    std::optional<std::chrono::system_clock::time_point> finished_at;
};

class ExportJobs {
  public:
    explicit ExportJobs(db::Pool& pool) : pool_(pool) {}

    boost::asio::awaitable<ExportJob> create(const std::string& requested_by, const std::string& recipient,
                                             const ExportFilter& filter);
    boost::asio::awaitable<std::optional<ExportJob>> find(const Uuid& id);
    // The oldest QUEUED job, now RUNNING for `owner` (attempts + 1); nullopt when none.
    boost::asio::awaitable<std::optional<ExportJob>> claim_next(const std::string& owner);
    // Progress and liveness; false when the job is no longer ours (re-queued as stale meanwhile).
    boost::asio::awaitable<bool> heartbeat(const Uuid& id, const std::string& owner,
                                           std::int64_t rows_written, std::int64_t rows_total);
    // DONE, and the notification event in the same transaction.
    boost::asio::awaitable<void> complete(const Uuid& id, const std::string& owner, std::int64_t rows,
                                          const std::string& storage_key, std::int64_t size_bytes,
                                          const outbox::Event& notification);
    // FAILED with a public reason, or back to QUEUED (a transient failure, attempts left, or a stop).
    boost::asio::awaitable<void> fail(const Uuid& id, const std::string& owner, const std::string& code,
                                      const std::string& reason);
    boost::asio::awaitable<void> release(const Uuid& id, const std::string& owner);
    // RUNNING jobs silent for longer than `stale_after`: QUEUED again, or FAILED after `max_attempts`.
    // Returns how many were touched.
    boost::asio::awaitable<std::int64_t> recover_stale(std::chrono::milliseconds stale_after,
                                                       int max_attempts);

  private:
    db::Pool& pool_;
};

}  // namespace bh::budget
