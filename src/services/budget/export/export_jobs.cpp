#include "services/budget/export/export_jobs.h"

#include "core/error.h"
#include "db/statement.h"
#include "db/transaction.h"

namespace bh::budget {

namespace {

namespace asio = boost::asio;

#define BH_EXPORT_COLUMNS                                                                               \
    "id, requested_by, recipient, start_date, end_date, status_filter, state, rows_written, attempts, " \
    "storage_key, size_bytes, error, created_at, started_at, finished_at, rows_total, error_code"

constexpr db::Statement kInsert{
    "budget.export_insert",
    "INSERT INTO export_jobs (id, requested_by, recipient, start_date, end_date, "
    "status_filter) VALUES ($1, $2, $3, $4, $5, $6) RETURNING " BH_EXPORT_COLUMNS};
constexpr db::Statement kFind{"budget.export_find",
                              "SELECT " BH_EXPORT_COLUMNS " FROM export_jobs WHERE id = $1"};
constexpr db::Statement kClaim{
    "budget.export_claim",
    "UPDATE export_jobs SET state = 'RUNNING', owner = $1, heartbeat_at = now(), started_at = now(), "
    "attempts = attempts + 1, rows_written = 0, rows_total = NULL WHERE id = (SELECT id FROM export_jobs "
    "WHERE state = 'QUEUED' "
    "ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING " BH_EXPORT_COLUMNS};
constexpr db::Statement kHeartbeat{
    "budget.export_heartbeat",
    "UPDATE export_jobs SET rows_written = $3, rows_total = $4, heartbeat_at = now() "
    "WHERE id = $1 AND owner = $2 AND state = 'RUNNING'"};
constexpr db::Statement kComplete{
    "budget.export_complete",
    "UPDATE export_jobs SET state = 'DONE', rows_written = $3, storage_key = $4, "
    "size_bytes = $5, finished_at = now(), heartbeat_at = now() "
    "WHERE id = $1 AND owner = $2 AND state = 'RUNNING'"};
constexpr db::Statement kFail{"budget.export_fail",
                              "UPDATE export_jobs SET state = 'FAILED', error_code = $3, error = $4, "
                              "finished_at = now() "
                              "WHERE id = $1 AND owner = $2 AND state = 'RUNNING'"};
constexpr db::Statement kRelease{"budget.export_release",
                                 "UPDATE export_jobs SET state = 'QUEUED', owner = NULL, heartbeat_at = NULL "
                                 "WHERE id = $1 AND owner = $2 AND state = 'RUNNING'"};
constexpr db::Statement kRecover{
    "budget.export_recover",
    "UPDATE export_jobs SET owner = NULL, "
    "state = CASE WHEN attempts >= $2 THEN 'FAILED' ELSE 'QUEUED' END, "
    "error = CASE WHEN attempts >= $2 THEN 'The export was interrupted too many times' ELSE error END, "
    "error_code = CASE WHEN attempts >= $2 THEN $3 ELSE error_code END, "
    "finished_at = CASE WHEN attempts >= $2 THEN now() ELSE NULL END "
    "WHERE state = 'RUNNING' AND heartbeat_at < now() - make_interval(secs => $1::double precision / 1000)"};

ExportJob read_job(const db::Row& row) {
    using Time = std::chrono::system_clock::time_point;
    ExportJob job;
    job.id = row.get<Uuid>(0);
    job.requested_by = row.get<std::string>(1);
    job.recipient = row.get<std::string>(2);
    job.filter.start_date = row.get<std::optional<std::chrono::year_month_day>>(3);
    job.filter.end_date = row.get<std::optional<std::chrono::year_month_day>>(4);
    job.filter.status = row.get<std::optional<std::string>>(5);
    job.state = row.get<std::string>(6);
    job.rows_written = row.get<std::int64_t>(7);
    job.attempts = row.get<std::int32_t>(8);
    job.storage_key = row.get<std::optional<std::string>>(9);
    job.size_bytes = row.get<std::optional<std::int64_t>>(10);
    job.error = row.get<std::optional<std::string>>(11);
    job.created_at = row.get<Time>(12);
    job.started_at = row.get<std::optional<Time>>(13);
    job.finished_at = row.get<std::optional<Time>>(14);
    job.rows_total = row.get<std::optional<std::int64_t>>(15);
    job.error_code = row.get<std::optional<std::string>>(16);
    return job;
}

}  // namespace

asio::awaitable<ExportJob> ExportJobs::create(const std::string& requested_by, const std::string& recipient,
                                              const ExportFilter& filter) {
    auto lease = co_await pool_.acquire();
    const auto rows = co_await lease->execute(
        kInsert,
        db::Params{Uuid::v7(), requested_by, recipient, filter.start_date, filter.end_date, filter.status});
    co_return read_job(rows.one());
}

asio::awaitable<std::optional<ExportJob>> ExportJobs::find(const Uuid& id) {
    auto lease = co_await pool_.acquire();
    const auto rows = co_await lease->execute(kFind, db::Params{id});
    auto row = rows.maybe_one();
    if (!row) co_return std::nullopt;
    co_return read_job(*row);
}

asio::awaitable<std::optional<ExportJob>> ExportJobs::claim_next(const std::string& owner) {
    auto lease = co_await pool_.acquire();
    const auto rows = co_await lease->execute(kClaim, db::Params{owner});
    auto row = rows.maybe_one();
    if (!row) co_return std::nullopt;
    co_return read_job(*row);
}

asio::awaitable<bool> ExportJobs::heartbeat(const Uuid& id, const std::string& owner,
                                            std::int64_t rows_written, std::int64_t rows_total) {
    auto lease = co_await pool_.acquire();
    const auto result = co_await lease->execute(kHeartbeat, db::Params{id, owner, rows_written, rows_total});
    co_return result.affected_rows() == 1;
}

asio::awaitable<void> ExportJobs::complete(const Uuid& id, const std::string& owner, std::int64_t rows,
                                           const std::string& storage_key, std::int64_t size_bytes,
                                           const outbox::Event& notification) {
    co_await db::with_transaction(
        pool_, db::Isolation::ReadCommitted, [&](db::Transaction& tx) -> asio::awaitable<void> {
            const auto done =
                co_await tx->execute(kComplete, db::Params{id, owner, rows, storage_key, size_bytes});
            if (done.affected_rows() != 1) {
                throw conflict("export job " + id.to_string() + " is no longer ours");
            }
            co_await outbox::enqueue(tx, notification);
        });
}

asio::awaitable<void> ExportJobs::fail(const Uuid& id, const std::string& owner, const std::string& code,
                                       const std::string& reason) {
    auto lease = co_await pool_.acquire();
    co_await lease->execute(kFail, db::Params{id, owner, code, reason});
}

asio::awaitable<void> ExportJobs::release(const Uuid& id, const std::string& owner) {
    auto lease = co_await pool_.acquire();
    co_await lease->execute(kRelease, db::Params{id, owner});
}

asio::awaitable<std::int64_t> ExportJobs::recover_stale(std::chrono::milliseconds stale_after,
                                                        int max_attempts) {
    auto lease = co_await pool_.acquire();
    const auto result =
        co_await lease->execute(kRecover, db::Params{static_cast<std::int64_t>(stale_after.count()),
                                                     max_attempts, std::string(kExportInterrupted)});
    co_return result.affected_rows();
}

}  // namespace bh::budget
