#pragma once
// Registers every route of the access policy (and an OPTIONS route per path, for CORS preflights)
// with the gateway as handler. Paths outside the policy are not registered, so they are refused.
#include "http/router.h"
#include "services/portal/gateway.h"

namespace bh::portal {

// `gateway` must outlive the router.
void add_api_routes(http::Router& router, Gateway& gateway);

}  // namespace bh::portal
