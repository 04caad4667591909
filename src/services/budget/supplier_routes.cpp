// /api/v1/supplier: create, update, {id} (GET, DELETE), all.
#include "http/json_body.h"
#include "services/budget/budget_routes.h"
#include "services/budget/route_support.h"
#include "services/budget/supplier_store.h"

namespace bh::budget {

namespace {
namespace asio = boost::asio;
}

void register_supplier_routes(http::Router& router, BudgetContext& ctx) {
    router.add(http::Method::Post, "/api/v1/supplier/create",
               [&ctx](http::Request& req) -> asio::awaitable<http::Response> {
                   co_await ctx.authenticator.authorize(req);
                   const auto input = read_supplier(http::parse_json_object(req.body));
                   co_return ok(to_json(co_await SupplierStore(ctx.db).create(input)));
               });
    router.add(http::Method::Put, "/api/v1/supplier/update",
               [&ctx](http::Request& req) -> asio::awaitable<http::Response> {
                   co_await ctx.authenticator.authorize(req);
                   const auto body = http::parse_json_object(req.body);
                   const auto target = read_versioned(body);
                   const auto input = read_supplier(body);
                   co_return ok(to_json(co_await SupplierStore(ctx.db).update(target, input)));
               });
    router.add(http::Method::Delete, "/api/v1/supplier/{id}",
               [&ctx](http::Request& req) -> asio::awaitable<http::Response> {
                   co_await ctx.authenticator.authorize(req);
                   co_await SupplierStore(ctx.db).remove(path_id(req, "id"));
                   co_return http::Response::no_content();
               });
    router.add(http::Method::Get, "/api/v1/supplier/{id}",
               [&ctx](http::Request& req) -> asio::awaitable<http::Response> {
                   co_await ctx.authenticator.authorize(req);
                   co_return ok(to_json(co_await SupplierStore(ctx.db).get(path_id(req, "id"))));
               });
    router.add(http::Method::Get, "/api/v1/supplier/all",
               [&ctx](http::Request& req) -> asio::awaitable<http::Response> {
                   co_await ctx.authenticator.authorize(req);
                   const auto page = http::parse_page_request(req, supplier_paging_rules());
                   const auto found = co_await SupplierStore(ctx.db).list(page);
                   co_return page_response(page, found,
                                           [](const auto& supplier) { return to_json(supplier); });
               });
}

}  // namespace bh::budget
