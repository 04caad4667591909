// /api/v1/budget/subtype: create, update, delete/{id}, {id}, all.
#include "http/json_body.h"
#include "http/paging.h"
#include "http/path_params.h"
#include "runtime/query_input.h"
#include "services/budget/budget_routes.h"
#include "services/budget/ledger/subtype_store.h"
#include "services/budget/route_support.h"

namespace bh::budget {

namespace {
namespace asio = boost::asio;
}

void register_subtype_routes(identity::SecuredRoutes& routes, BudgetContext& ctx) {
    routes.add(http::Method::Post, "/api/v1/budget/subtype/create",
               [&ctx](http::Request& req, const identity::Principal&) -> asio::awaitable<http::Response> {
                   const auto input = read_budget_subtype(http::parse_json_object(req.body), true);
                   co_return ok(to_json(co_await SubtypeStore(ctx.db).create(input)));
               });
    routes.add(http::Method::Put, "/api/v1/budget/subtype/update",
               [&ctx](http::Request& req, const identity::Principal&) -> asio::awaitable<http::Response> {
                   const auto body = http::parse_json_object(req.body);
                   const auto target = read_versioned(body);
                   const auto input = read_budget_subtype(body, false);
                   co_return ok(to_json(co_await SubtypeStore(ctx.db).update(target, input)));
               });
    routes.add(http::Method::Delete, "/api/v1/budget/subtype/delete/{id}",
               [&ctx](http::Request& req, const identity::Principal&) -> asio::awaitable<http::Response> {
                   co_await SubtypeStore(ctx.db).remove(http::path_uuid(req, "id"));
                   co_return http::Response::no_content();
               });
    routes.add(http::Method::Get, "/api/v1/budget/subtype/{id}",
               [&ctx](http::Request& req, const identity::Principal&) -> asio::awaitable<http::Response> {
                   co_return ok(to_json(co_await SubtypeStore(ctx.db).get(http::path_uuid(req, "id"))));
               });
    routes.add(
        http::Method::Get, "/api/v1/budget/subtype/all",
        [&ctx](http::Request& req, const identity::Principal&) -> asio::awaitable<http::Response> {
            const auto page = http::parse_page_request(req, subtype_listing().rules());
            QueryInput in(req);
            const auto name = in.optional_text("name", kNameFilterMax);
            const auto type_id = in.optional_uuid("budgetTypeId");
            in.finish();
            const auto found = co_await SubtypeStore(ctx.db).list(name, type_id, page);
            co_return ok(http::page_body(page, found, [](const auto& subtype) { return to_json(subtype); }));
        });
}

}  // namespace bh::budget
