#include "services/budget/export/export_routes.h"

#include <boost/json/object.hpp>

#include "core/error.h"
#include "db/time_text.h"
#include "http/path_params.h"
#include "identity/roles.h"

namespace bh::budget {

namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using http::Request;
using http::Response;

constexpr const char* kReportPath = "/api/v1/movement/export-movements-report";

json::value optional_time(const std::optional<std::chrono::system_clock::time_point>& at) {
    return at ? json::value(db::format_timestamp(*at)) : json::value(nullptr);
}

// Long enough to click, short enough that a link copied from a screen soon stops working; the e-mail
// carries its own (budget.export_link_ttl).
constexpr std::chrono::seconds kDownloadLinkTtl{15 * 60};

json::object job_json(const ExportJob& job, const storage::ObjectStore& objects) {
    json::object out;
    out["jobId"] = job.id.to_string();
    out["state"] = job.state;
    out["rowsWritten"] = job.rows_written;
    out["rowsTotal"] = job.rows_total ? json::value(*job.rows_total) : nullptr;
    out["startDate"] = job.filter.start_date ? json::value(db::format_date(*job.filter.start_date)) : nullptr;
    out["endDate"] = job.filter.end_date ? json::value(db::format_date(*job.filter.end_date)) : nullptr;
    out["status"] = job.filter.status ? json::value(*job.filter.status) : nullptr;
    out["attempts"] = job.attempts;
    out["sizeBytes"] = job.size_bytes ? json::value(*job.size_bytes) : nullptr;
    out["error"] = job.error ? json::value(*job.error) : nullptr;
    out["errorCode"] = job.error_code ? json::value(*job.error_code) : nullptr;
    out["createdAt"] = db::format_timestamp(job.created_at);
    out["startedAt"] = optional_time(job.started_at);
    out["finishedAt"] = optional_time(job.finished_at);
    std::optional<std::string> url;
    if (job.state == "DONE" && job.storage_key)
        url = objects.presigned_get_url(*job.storage_key, kDownloadLinkTtl);
    out["downloadUrl"] = url ? json::value(*url) : nullptr;
    return out;
}

AppError job_not_found(const Uuid& id) {
    return not_found("Export job not found with ID: " + id.to_string(), "EXPORT_JOB_NOT_FOUND");
}

class ExportHandlers {
  public:
    explicit ExportHandlers(const ExportRoutesDeps& deps) : deps_(deps) {}

    // ADMIN and MANAGER, by the access policy (seed ⚠ #35: any user could).
    asio::awaitable<Response> start(Request& request, const identity::Principal& principal) {
        const ExportFilter filter = read_export_filter(request);
        if (principal.email.empty()) {
            throw bad_request("The token carries no e-mail to send the report to");
        }
        const ExportJob job = co_await deps_.jobs.create(principal.user_id, principal.email, filter);
        deps_.runner.kick();
        const std::string location = std::string(kReportPath) + "/" + job.id.to_string();
        co_return Response::json(202, job_json(job, deps_.objects)).with_header("location", location);
    }

    // Its requester's job, or any job for an ADMIN (a rule about the job, not the route).
    asio::awaitable<Response> status(Request& request, const identity::Principal& principal) {
        const Uuid id = http::path_uuid(request, "jobId");
        const auto job = co_await deps_.jobs.find(id);
        if (!job || (job->requested_by != principal.user_id && !principal.has_role(identity::role::kAdmin))) {
            throw job_not_found(id);
        }
        co_return Response::json(200, job_json(*job, deps_.objects));
    }

  private:
    ExportRoutesDeps deps_;
};

}  // namespace

void register_export_routes(identity::SecuredRoutes& routes, const ExportRoutesDeps& deps) {
    auto handlers = std::make_shared<ExportHandlers>(deps);
    routes.add(http::Method::Post, kReportPath,
               [handlers](Request& request, const identity::Principal& caller) {
                   return handlers->start(request, caller);
               });
    routes.add(http::Method::Get, std::string(kReportPath) + "/{jobId}",
               [handlers](Request& request, const identity::Principal& caller) {
                   return handlers->status(request, caller);
               });
}

}  // namespace bh::budget
