#pragma once
// HTTP handlers of /api/v1/invoice/* (seed-spec §1.2 #25–#31, §5.5) plus GET /api/v1/invoice/{id}/file.
// Thin: authenticate, read the request, call InvoiceStore / InvoiceFiles, write JSON.
#include "http/router.h"
#include "identity/authenticator.h"
#include "services/budget/invoice_files.h"
#include "services/budget/invoice_store.h"
#include "services/budget/movement_queries.h"

namespace bh::budget {

struct InvoiceRoutesDeps {
    const identity::Authenticator& authenticator;
    InvoiceStore& invoices;
    InvoiceFiles& files;
    MovementQueries& movements;  // the linked movement each answer nests
};

// The objects in `deps` must outlive the router.
void register_invoice_routes(http::Router& router, const InvoiceRoutesDeps& deps);

}  // namespace bh::budget
