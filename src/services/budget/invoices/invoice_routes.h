#pragma once
// HTTP handlers of /api/v1/invoice/* (seed-spec §1.2 #25–#31, §5.5) plus GET /api/v1/invoice/{id}/file.
// Thin: read the request, call InvoiceStore / InvoiceFiles, write JSON (the access policy admits the
// caller first: identity/secured_routes.h).
#include "http/router.h"
#include "identity/secured_routes.h"
#include "services/budget/invoices/invoice_files.h"
#include "services/budget/invoices/invoice_store.h"
#include "services/budget/ledger/movement_queries.h"

namespace bh::budget {

struct InvoiceRoutesDeps {
    InvoiceStore& invoices;
    InvoiceFiles& files;
    MovementQueries& movements;  // the linked movement each answer nests
};

// The objects in `deps` must outlive the router.
void register_invoice_routes(identity::SecuredRoutes& routes, const InvoiceRoutesDeps& deps);

}  // namespace bh::budget
