#pragma once
// POST /api/v1/movement/export-movements-report?startDate&endDate&status -> 202 {jobId, state}
// GET  /api/v1/movement/export-movements-report/{jobId} -> the job's state and progress (rowsWritten of
// rowsTotal) and, once DONE, a short-lived downloadUrl of the workbook when the object store signs links
// (its requester or an ADMIN; anyone else gets 404). Both for ADMIN and MANAGER (the portal's policy).
#include "http/router.h"
#include "identity/secured_routes.h"
#include "services/budget/export/export_jobs.h"
#include "services/budget/export/export_runner.h"
#include "storage/object_store.h"

namespace bh::budget {

struct ExportRoutesDeps {
    ExportJobs& jobs;
    ExportRunner& runner;
    const storage::ObjectStore& objects;
};

void register_export_routes(identity::SecuredRoutes& routes, const ExportRoutesDeps& deps);

}  // namespace bh::budget
