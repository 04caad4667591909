// /api/v1/movement: create, update, status/update, {id} (GET, DELETE), all, budget-type/{id},
// budget-subtype/{id}. Listings take the filters startDate, endDate (YYYY-MM-DD, on dateOfEmission),
// status, budgetTypeId, budgetSubtypeId, supplierId.
#include <vector>

#include "http/json_body.h"
#include "http/paging.h"
#include "http/path_params.h"
#include "runtime/query_input.h"
#include "services/budget/budget_routes.h"
#include "services/budget/ledger/movement_queries.h"
#include "services/budget/ledger/movement_store.h"
#include "services/budget/route_support.h"

namespace bh::budget {

namespace {

namespace asio = boost::asio;

MovementFilter read_filter(const http::Request& req) {
    MovementFilter filter;
    QueryInput in(req);
    filter.start_date = in.optional_date("startDate");
    filter.end_date = in.optional_date("endDate");
    if (auto status = in.optional_word("status")) {
        filter.status = parse_movement_status(*status);
        if (!filter.status) in.add_error("status", "must be a movement status");
    }
    filter.type_id = in.optional_uuid("budgetTypeId");
    filter.subtype_id = in.optional_uuid("budgetSubtypeId");
    filter.supplier_id = in.optional_uuid("supplierId");
    in.require_order("startDate", filter.start_date, "endDate", filter.end_date);
    in.finish("Invalid filter");
    return filter;
}

asio::awaitable<http::Response> list(BudgetContext& ctx, const http::Request& req,
                                     const MovementFilter& filter) {
    const auto page = http::parse_page_request(req, movement_listing().rules());
    const auto found = co_await MovementQueries(ctx.db).list(filter, page);
    co_return ok(http::page_body(page, found, [](const MovementRecord& m) { return to_json(m); }));
}

}  // namespace

void register_movement_routes(identity::SecuredRoutes& routes, BudgetContext& ctx) {
    auto store = [&ctx] { return MovementStore(ctx.db, MovementEvents(ctx.topic_prefix)); };
    routes.add(http::Method::Post, "/api/v1/movement/create",
               [&ctx, store](http::Request& req,
                             const identity::Principal& caller) -> asio::awaitable<http::Response> {
                   const auto input = read_movement(http::parse_json_object(req.body));
                   // Named, not temporaries of the co_await expression (g++ 12 destroys those twice).
                   const auto actor = actor_of(caller, req);
                   auto movements = store();
                   const auto created = co_await movements.create(input, actor);
                   co_return ok(to_json(created));
               });
    routes.add(http::Method::Put, "/api/v1/movement/update",
               [&ctx, store](http::Request& req,
                             const identity::Principal& caller) -> asio::awaitable<http::Response> {
                   const auto body = http::parse_json_object(req.body);
                   const auto target = read_versioned(body);
                   const auto input = read_movement(body);
                   const auto actor = actor_of(caller, req);
                   auto movements = store();
                   const auto updated = co_await movements.update(target, input, actor);
                   co_return ok(to_json(updated));
               });
    routes.add_internal(http::Method::Put, "/api/v1/movement/status/update",
                        [&ctx, store](http::Request& req,
                                      const identity::Principal& caller) -> asio::awaitable<http::Response> {
                            const auto body = http::parse_json_object(req.body);
                            JsonInput in(body);
                            const auto id = in.required_uuid("id");
                            std::optional<std::int32_t> version;
                            if (body.contains("version") && !body.at("version").is_null())
                                version = in.required_version();
                            std::optional<MovementStatus> status;
                            if (auto text = in.optional_enum("status")) status = parse_movement_status(*text);
                            if (!status) in.add_error("status", "must be a movement status");
                            in.finish();
                            const auto actor = actor_of(caller, req);
                            auto movements = store();
                            const auto changed =
                                co_await movements.change_status(id, version, *status, actor);
                            co_return ok(to_json(changed));
                        });
    routes.add(
        http::Method::Get, "/api/v1/movement/{id}",
        [&ctx, store](http::Request& req, const identity::Principal&) -> asio::awaitable<http::Response> {
            auto movements = store();
            const auto found = co_await movements.get(http::path_uuid(req, "id"));
            co_return ok(to_json(found));
        });
    routes.add(http::Method::Delete, "/api/v1/movement/{id}",
               [&ctx, store](http::Request& req,
                             const identity::Principal& caller) -> asio::awaitable<http::Response> {
                   const auto actor = actor_of(caller, req);
                   auto movements = store();
                   co_await movements.remove(http::path_uuid(req, "id"), actor);
                   co_return http::Response::no_content();
               });
    routes.add(http::Method::Get, "/api/v1/movement/all",
               [&ctx](http::Request& req, const identity::Principal&) -> asio::awaitable<http::Response> {
                   co_return co_await list(ctx, req, read_filter(req));
               });
    routes.add(http::Method::Get, "/api/v1/movement/budget-type/{budgetTypeId}",
               [&ctx](http::Request& req, const identity::Principal&) -> asio::awaitable<http::Response> {
                   auto filter = read_filter(req);
                   filter.type_id = http::path_uuid(req, "budgetTypeId");
                   co_return co_await list(ctx, req, filter);
               });
    routes.add(http::Method::Get, "/api/v1/movement/budget-subtype/{budgetSubtypeId}",
               [&ctx](http::Request& req, const identity::Principal&) -> asio::awaitable<http::Response> {
                   auto filter = read_filter(req);
                   filter.subtype_id = http::path_uuid(req, "budgetSubtypeId");
                   co_return co_await list(ctx, req, filter);
               });
}

}  // namespace bh::budget
