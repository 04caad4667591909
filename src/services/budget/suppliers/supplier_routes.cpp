// /api/v1/supplier: create, update, {id} (GET, DELETE), all.
#include "http/json_body.h"
#include "http/paging.h"
#include "http/path_params.h"
#include "runtime/query_input.h"
#include "services/budget/budget_routes.h"
#include "services/budget/route_support.h"
#include "services/budget/suppliers/supplier_store.h"

namespace bh::budget {

namespace {
namespace asio = boost::asio;
}

void register_supplier_routes(identity::SecuredRoutes& routes, BudgetContext& ctx) {
    routes.add(http::Method::Post, "/api/v1/supplier/create",
               [&ctx](http::Request& req, const identity::Principal&) -> asio::awaitable<http::Response> {
                   const auto input = read_supplier(http::parse_json_object(req.body));
                   co_return ok(to_json(co_await SupplierStore(ctx.db).create(input)));
               });
    routes.add(http::Method::Put, "/api/v1/supplier/update",
               [&ctx](http::Request& req, const identity::Principal&) -> asio::awaitable<http::Response> {
                   const auto body = http::parse_json_object(req.body);
                   const auto target = read_versioned(body);
                   const auto input = read_supplier(body);
                   co_return ok(to_json(co_await SupplierStore(ctx.db).update(target, input)));
               });
    routes.add(http::Method::Delete, "/api/v1/supplier/{id}",
               [&ctx](http::Request& req, const identity::Principal&) -> asio::awaitable<http::Response> {
                   co_await SupplierStore(ctx.db).remove(http::path_uuid(req, "id"));
                   co_return http::Response::no_content();
               });
    routes.add(http::Method::Get, "/api/v1/supplier/{id}",
               [&ctx](http::Request& req, const identity::Principal&) -> asio::awaitable<http::Response> {
                   co_return ok(to_json(co_await SupplierStore(ctx.db).get(http::path_uuid(req, "id"))));
               });
    routes.add(http::Method::Get, "/api/v1/supplier/all",
               [&ctx](http::Request& req, const identity::Principal&) -> asio::awaitable<http::Response> {
                   const auto page = http::parse_page_request(req, supplier_listing().rules());
                   QueryInput in(req);
                   const auto name = in.optional_text("name", kNameFilterMax);
                   in.finish();
                   const auto found = co_await SupplierStore(ctx.db).list(name, page);
                   co_return ok(
                       http::page_body(page, found, [](const auto& supplier) { return to_json(supplier); }));
               });
}

}  // namespace bh::budget
