#pragma once
// What the portal serves itself: the OpenAPI document (/v3/api-docs), Swagger UI (/swagger-ui/)
// and the built web app (/). Without a web app, / answers a small page that links the API
// documentation.
#include <filesystem>

#include "http/router.h"
#include "services/portal/gateway.h"

namespace bh::portal {

struct StaticRouteOptions {
    std::filesystem::path swagger_ui_dir;  // swagger-ui-dist; missing → /swagger-ui/ answers 404
    std::filesystem::path web_dir;         // built web app; empty or missing → the small page
};

// Where scripts/bootstrap installs swagger-ui-dist: $BUDGETHUB_TOOLS (default ~/.cache/budgethub)
// /swagger-ui/node_modules/swagger-ui-dist.
std::filesystem::path default_swagger_ui_dir();

// `gateway` decorates the answers (security headers, CORS) and must outlive the router.
void add_static_routes(http::Router& router, const Gateway& gateway, const StaticRouteOptions& options);

}  // namespace bh::portal
