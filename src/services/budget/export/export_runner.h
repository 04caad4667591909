#pragma once
// Runs export jobs in the background: claims QUEUED jobs (up to `concurrency` at a time), writes the
// report, stores it, and marks the job DONE with its notification event in one transaction. Every
// poll it also recovers jobs abandoned by a dead instance (heartbeat older than stale_after): they
// run again, or fail after max_attempts. On stop, a running job goes back to QUEUED for the next
// instance. Kicked by the POST handler so a new job starts at once rather than at the next poll.
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <filesystem>
#include <string>

#include "services/budget/export/export_generator.h"
#include "services/budget/export/export_jobs.h"
#include "storage/object_store.h"

namespace bh::budget {

struct ExportSettings {
    std::string notification_topic;  // <kafka.topic_prefix>notification.requested
    std::int64_t attach_max_bytes = 5 << 20;
    std::chrono::seconds link_ttl{72 * 3600};
    std::int64_t concurrency = 1;
    std::chrono::milliseconds poll_interval{2000};
    std::chrono::milliseconds stale_after{60'000};
    int max_attempts = 3;
    std::filesystem::path tmp_dir;  // where the workbook is written before upload
};

class ExportRunner {
  public:
    ExportRunner(const boost::asio::any_io_executor& executor, ExportJobs& jobs, ExportGenerator& generator,
                 storage::ObjectStore& objects, ExportSettings settings);

    void start();
    // Stops claiming; running jobs are handed back (QUEUED) at their next batch. Waits up to `grace`.
    boost::asio::awaitable<void> stop(std::chrono::milliseconds grace);
    // Look for work now.
    void kick();
    const std::string& owner() const { return owner_; }

  private:
    boost::asio::awaitable<void> loop();
    // `claim` is this run's owner stamp (process owner + a fresh id): a job re-queued as stale and
    // claimed again, even by this process, is a different claim, so the older run's heartbeat,
    // completion and temp file can never act for the newer one.
    boost::asio::awaitable<void> run(ExportJob job, std::string claim);
    boost::asio::awaitable<void> deliver(const ExportJob& job, const std::string& claim,
                                         const std::filesystem::path& file, std::int64_t rows);
    boost::asio::awaitable<bool> progress(Uuid id, std::string claim, std::int64_t rows, std::int64_t total);

    boost::asio::strand<boost::asio::any_io_executor> strand_;
    ExportJobs& jobs_;
    ExportGenerator& generator_;
    storage::ObjectStore& objects_;
    ExportSettings settings_;
    std::string owner_;
    boost::asio::steady_timer timer_;
    std::atomic<bool> stopping_{false};
    std::atomic<int> active_{0};
    std::atomic<bool> loop_running_{false};
};

}  // namespace bh::budget
