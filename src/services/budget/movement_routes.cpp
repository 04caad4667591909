// /api/v1/movement: create, update, status/update, {id} (GET, DELETE), all, budget-type/{id},
// budget-subtype/{id}. Listings take the filters startDate, endDate (YYYY-MM-DD, on dateOfEmission),
// status, budgetTypeId, budgetSubtypeId, supplierId.
#include <vector>

#include "db/time_text.h"
#include "http/json_body.h"
#include "http/path_params.h"
#include "services/budget/budget_routes.h"
#include "services/budget/movement_queries.h"
#include "services/budget/movement_store.h"
#include "services/budget/route_support.h"

namespace bh::budget {

namespace {

namespace asio = boost::asio;

MovementFilter read_filter(const http::Request& req) {
    MovementFilter filter;
    std::vector<FieldError> errors;
    auto date = [&](const char* name) -> std::optional<std::chrono::year_month_day> {
        auto text = req.query_param(name);
        if (!text || text->empty()) return std::nullopt;
        auto parsed = text->size() == 10 ? db::parse_date(*text) : std::nullopt;
        if (!parsed || !parsed->ok()) errors.push_back({name, "must be a date YYYY-MM-DD"});
        return parsed;
    };
    auto uuid = [&](const char* name) -> std::optional<Uuid> {
        auto text = req.query_param(name);
        if (!text || text->empty()) return std::nullopt;
        auto parsed = Uuid::parse(*text);
        if (!parsed) errors.push_back({name, "must be a UUID"});
        return parsed;
    };
    filter.start_date = date("startDate");
    filter.end_date = date("endDate");
    if (auto status = req.query_param("status"); status && !status->empty()) {
        filter.status = parse_movement_status(*status);
        if (!filter.status) errors.push_back({"status", "must be a movement status"});
    }
    filter.type_id = uuid("budgetTypeId");
    filter.subtype_id = uuid("budgetSubtypeId");
    filter.supplier_id = uuid("supplierId");
    if (filter.start_date && filter.end_date &&
        std::chrono::sys_days(*filter.start_date) > std::chrono::sys_days(*filter.end_date)) {
        errors.push_back({"endDate", "must not be before startDate"});
    }
    if (!errors.empty()) {
        std::string message = "Invalid filter: ";
        for (std::size_t i = 0; i < errors.size(); ++i) {
            message += (i ? ", " : "") + errors[i].field + " " + errors[i].message;
        }
        throw bad_request(std::move(message)).with_fields(std::move(errors));
    }
    return filter;
}

asio::awaitable<http::Response> list(BudgetContext& ctx, const http::Request& req, MovementFilter filter) {
    const auto page = http::parse_page_request(req, movement_paging_rules());
    const auto found = co_await MovementQueries(ctx.db).list(filter, page);
    auto response = page_response(page, found.page, [](const MovementRecord& m) { return to_json(m); });
    if (found.total_capped) {
        auto body = http::parse_json_object(response.body);
        body["totalElementsCapped"] = true;
        response = ok(std::move(body));
    }
    co_return response;
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
