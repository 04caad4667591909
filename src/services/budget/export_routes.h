#pragma once
// POST /api/v1/movement/export-movements-report?startDate&endDate&status -> 202 {jobId, state}
// GET  /api/v1/movement/export-movements-report/{jobId} -> the job's state and progress (its
// requester or an ADMIN; anyone else gets 404). Both for ADMIN and MANAGER (the portal's policy).
#include "http/router.h"
#include "identity/authenticator.h"
#include "services/budget/export_jobs.h"
#include "services/budget/export_runner.h"

namespace bh::budget {

struct ExportRoutesDeps {
    const identity::Authenticator& authenticator;
    ExportJobs& jobs;
    ExportRunner& runner;
};

void register_export_routes(http::Router& router, const ExportRoutesDeps& deps);

}  // namespace bh::budget
