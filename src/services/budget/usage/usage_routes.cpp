// GET /api/v1/budget/usage: the dashboard's usage summary (a CustomPage of types with subtypes).
// GET /api/v1/budget/usage/alerts: the types and subtypes at or over the first usage threshold (80 %),
// most used first, at most 50 of each, with how many there are.
#include <boost/json/array.hpp>

#include "http/paging.h"
#include "services/budget/budget_routes.h"
#include "services/budget/codec.h"
#include "services/budget/domain/funds.h"
#include "services/budget/route_support.h"
#include "services/budget/usage/usage_query.h"

namespace bh::budget {

namespace {

namespace asio = boost::asio;
namespace json = boost::json;

json::object usage_json(const Usage& usage) {
    const std::int64_t allocated = usage.allocated.cents();
    // Whole percent used, rounded down (a dashboard bar); 0 for an empty allocation.
    const std::int64_t percent = allocated > 0 ? usage.spent.cents() * 100 / allocated : 0;
    return {{"allocated", money_json(usage.allocated)},
            {"spent", money_json(usage.spent)},
            {"reserved", money_json(usage.reserved)},
            {"available", money_json(usage.available)},
            // The part of `spent` held by open payments (reserved, not charged yet).
            {"reservedForPayments", money_json(usage.reserved_for_payments)},
            {"usedPercent", percent}};
}

json::object type_json(const BudgetTypeRecord& t) {
    json::object type{{"budgetTypeId", t.id.to_string()}, {"name", t.name}};
    for (auto& [key, value] : usage_json(
             type_usage(t.allocated, t.sub_allocated, t.direct_spent, t.spent, t.reserved_for_payments)))
        type[key] = value;
    return type;
}

json::object subtype_json(const BudgetSubtypeRecord& s) {
    json::object subtype{{"budgetSubtypeId", s.id.to_string()}, {"name", s.name}};
    for (auto& [key, value] : usage_json(subtype_usage(s.allocated, s.spent, s.reserved_for_payments)))
        subtype[key] = value;
    return subtype;
}

constexpr int kAlertsListed = 50;

}  // namespace

void register_usage_routes(identity::SecuredRoutes& routes, BudgetContext& ctx) {
    routes.add(http::Method::Get, "/api/v1/budget/usage",
               [&ctx](http::Request& req, const identity::Principal&) -> asio::awaitable<http::Response> {
                   const auto page = http::parse_page_request(req, usage_listing().rules());
                   const auto found = co_await UsageQuery(ctx.db).summary(page);
                   co_return ok(http::page_body(page, found, [](const TypeUsage& item) {
                       auto type = type_json(item.type);
                       json::array subtypes;
                       for (const auto& s : item.subtypes) subtypes.push_back(subtype_json(s));
                       type["subtypes"] = std::move(subtypes);
                       return type;
                   }));
               });
    routes.add(http::Method::Get, "/api/v1/budget/usage/alerts",
               [&ctx](http::Request&, const identity::Principal&) -> asio::awaitable<http::Response> {
                   const int threshold = kUsageThresholds[0];
                   const auto found = co_await UsageQuery(ctx.db).alerts(threshold, kAlertsListed);
                   json::array types;
                   for (const auto& t : found.types) types.push_back(type_json(t));
                   json::array subtypes;
                   for (const auto& [s, t] : found.subtypes) {
                       auto subtype = subtype_json(s);
                       subtype["budgetTypeId"] = t.id.to_string();
                       subtype["budgetTypeName"] = t.name;
                       subtypes.push_back(std::move(subtype));
                   }
                   co_return ok({{"thresholdPercent", threshold},
                                 {"types", std::move(types)},
                                 {"totalTypes", found.total_types},
                                 {"subtypes", std::move(subtypes)},
                                 {"totalSubtypes", found.total_subtypes}});
               });
}

}  // namespace bh::budget
