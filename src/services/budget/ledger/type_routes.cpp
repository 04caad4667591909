// /api/v1/budget/type: create, update, delete/{id}, {id}, all.
#include <boost/json/array.hpp>

#include "http/json_body.h"
#include "http/paging.h"
#include "http/path_params.h"
#include "runtime/query_input.h"
#include "services/budget/budget_routes.h"
#include "services/budget/ledger/type_store.h"
#include "services/budget/route_support.h"

namespace bh::budget {

namespace {
namespace asio = boost::asio;
}

void register_type_routes(identity::SecuredRoutes& routes, BudgetContext& ctx) {
    routes.add(http::Method::Post, "/api/v1/budget/type/create",
               [&ctx](http::Request& req, const identity::Principal&) -> asio::awaitable<http::Response> {
                   const auto input = read_budget_type(http::parse_json_object(req.body));
                   co_return ok(to_json(co_await TypeStore(ctx.db).create(input)));
               });
    routes.add(http::Method::Put, "/api/v1/budget/type/update",
               [&ctx](http::Request& req, const identity::Principal&) -> asio::awaitable<http::Response> {
                   const auto body = http::parse_json_object(req.body);
                   const auto target = read_versioned(body);
                   const auto input = read_budget_type(body);
                   co_return ok(to_json(co_await TypeStore(ctx.db).update(target, input)));
               });
    routes.add(http::Method::Delete, "/api/v1/budget/type/delete/{id}",
               [&ctx](http::Request& req, const identity::Principal&) -> asio::awaitable<http::Response> {
                   co_await TypeStore(ctx.db).remove(http::path_uuid(req, "id"));
                   co_return http::Response::no_content();
               });
    routes.add(http::Method::Get, "/api/v1/budget/type/{id}",
               [&ctx](http::Request& req, const identity::Principal&) -> asio::awaitable<http::Response> {
                   const auto found = co_await TypeStore(ctx.db).get(http::path_uuid(req, "id"));
                   auto body = to_json(found.type);
                   if (!found.subtypes.empty()) {
                       boost::json::array subtypes;
                       for (const auto& subtype : found.subtypes) subtypes.push_back(to_json(subtype));
                       body["subtypes"] = std::move(subtypes);
                   }
                   co_return ok(std::move(body));
               });
    routes.add(http::Method::Get, "/api/v1/budget/type/all",
               [&ctx](http::Request& req, const identity::Principal&) -> asio::awaitable<http::Response> {
                   const auto page = http::parse_page_request(req, type_listing().rules());
                   QueryInput in(req);
                   const auto name = in.optional_text("name", kNameFilterMax);
                   in.finish();
                   const auto found = co_await TypeStore(ctx.db).list(name, page);
                   co_return ok(http::page_body(page, found, [](const auto& type) { return to_json(type); }));
               });
}

}  // namespace bh::budget
