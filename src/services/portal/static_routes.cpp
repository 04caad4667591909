#include "services/portal/static_routes.h"

#include <cstdlib>
#include <memory>
#include <string>

#include "core/error.h"
#include "http/error_response.h"
#include "services/portal/openapi_document.h"
#include "services/portal/static_files.h"

namespace bh::portal {

namespace {

using http::Method;
using http::Request;
using http::Response;

// Swagger UI's own initializer points at the petstore; ours points at our document.
constexpr std::string_view kSwaggerInitializer = R"js(window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "/v3/api-docs",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "StandaloneLayout"
  });
};
)js";

constexpr std::string_view kHomePage = R"html(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>BudgetHub</title></head>
<body><h1>BudgetHub</h1>
<p>The web app is not installed on this server. The API is documented at
<a href="/swagger-ui/">/swagger-ui/</a> (OpenAPI document: <a href="/v3/api-docs">/v3/api-docs</a>).</p>
</body></html>
)html";

// How deep the web app's files may be nested (the router has no wildcard, so one route per depth).
constexpr int kWebAppDepth = 8;

Response not_found(std::string message) {
    return http::error_response(AppError(ErrorKind::NotFound, errc::kNotFound, std::move(message)));
}

std::string_view last_segment(std::string_view path) {
    const auto slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

struct Mounts {
    const Gateway& gateway;
    StaticDirectory swagger;
    StaticDirectory web;
};

// Files of the web app and Swagger UI carry the page policy whatever they are (a 304 of index.html
// has no type, and the browser keeps the policy of the answer it revalidated).
Response finish(const Mounts& m, Response response, const Request& request,
                ContentPolicy policy = ContentPolicy::Page) {
    m.gateway.decorate(response, request, "no-cache", policy);
    return response;
}

Response swagger_file(const Mounts& m, const Request& request, std::string_view relative) {
    if (relative == "swagger-initializer.js") {
        return Response::text(200, std::string(kSwaggerInitializer), "text/javascript; charset=utf-8");
    }
    if (!m.swagger.exists()) {
        return not_found("Swagger UI is not installed on this server (scripts/bootstrap installs it)");
    }
    if (auto file = m.swagger.serve(relative, request.header("if-none-match"))) return std::move(*file);
    return not_found("No such file");
}

// The web app: a file when there is one; index.html for application routes (no extension), so a
// reload on /budgets/42 still lands in the app; 404 for everything else, /api/... included.
Response web_file(const Mounts& m, const Request& request) {
    std::string_view path = request.path;
    if (path.starts_with("/api/")) return not_found("No route for this path");
    if (auto file = m.web.serve(path, request.header("if-none-match"))) return std::move(*file);
    if (last_segment(path).find('.') == std::string_view::npos) {
        if (auto index = m.web.serve("index.html", request.header("if-none-match"))) return std::move(*index);
    }
    return not_found("No such file");
}

}  // namespace

std::filesystem::path default_swagger_ui_dir() {
    std::filesystem::path tools;
    // Read at start-up; nothing in the process sets the environment.
    const char* configured = std::getenv("BUDGETHUB_TOOLS");  // NOLINT(concurrency-mt-unsafe)
    const char* home = std::getenv("HOME");                   // NOLINT(concurrency-mt-unsafe)
    if (configured != nullptr && *configured) {
        tools = configured;
    } else if (home != nullptr && *home) {
        tools = std::filesystem::path(home) / ".cache" / "budgethub";
    } else {
        return {};
    }
    return tools / "swagger-ui" / "node_modules" / "swagger-ui-dist";
}

void add_static_routes(http::Router& router, const Gateway& gateway, const StaticRouteOptions& options) {
    auto mounts = std::make_shared<const Mounts>(
        Mounts{gateway, StaticDirectory(options.swagger_ui_dir), StaticDirectory(options.web_dir)});

    router.add(Method::Get, "/v3/api-docs", [mounts](Request& request) -> boost::asio::awaitable<Response> {
        auto response = Response::text(200, std::string(openapi_document()), "application/json");
        co_return finish(*mounts, std::move(response), request, ContentPolicy::Data);
    });

    router.add(Method::Get, "/swagger-ui", [mounts](Request& request) -> boost::asio::awaitable<Response> {
        if (!request.path.ends_with('/')) {  // relative links in index.html need the slash
            auto moved = Response::text(301, "", "");
            moved.with_header("Location", "/swagger-ui/");
            co_return finish(*mounts, std::move(moved), request);
        }
        co_return finish(*mounts, swagger_file(*mounts, request, "index.html"), request);
    });
    router.add(
        Method::Get, "/swagger-ui/{file}", [mounts](Request& request) -> boost::asio::awaitable<Response> {
            co_return finish(*mounts, swagger_file(*mounts, request, request.path_param("file")), request);
        });

    const bool web_app = mounts->web.exists();
    router.add(Method::Get, "/", [mounts, web_app](Request& request) -> boost::asio::awaitable<Response> {
        if (web_app) co_return finish(*mounts, web_file(*mounts, request), request);
        co_return finish(*mounts, Response::text(200, std::string(kHomePage), "text/html; charset=utf-8"),
                         request);
    });
    if (!web_app) return;
    std::string pattern;
    for (int depth = 1; depth <= kWebAppDepth; ++depth) {
        pattern += "/{p" + std::to_string(depth) + "}";
        router.add(Method::Get, pattern, [mounts](Request& request) -> boost::asio::awaitable<Response> {
            co_return finish(*mounts, web_file(*mounts, request), request);
        });
    }
}

}  // namespace bh::portal
