#pragma once
// HTTP handlers of the budget core: thin adapters (read JSON, call a store, write JSON). Paths as in
// the seed contract (seed-spec §1.2 #10–#24, #32–#38) plus GET /api/v1/budget/usage[/alerts]. Every
// route is added through identity::SecuredRoutes: the same route × role table the portal enforces
// (identity/access_policy.cpp) admits the caller before the handler runs, so reaching the service
// directly is no weaker; the internal status route (for payments) admits ADMIN only.
#include <string>

#include "db/pool.h"
#include "http/router.h"
#include "identity/secured_routes.h"

namespace bh::budget {

struct BudgetContext {
    db::Pool& db;
    const identity::Authenticator& authenticator;
    std::string topic_prefix;  // kafka.topic_prefix
};

void register_type_routes(identity::SecuredRoutes& routes, BudgetContext& context);
void register_subtype_routes(identity::SecuredRoutes& routes, BudgetContext& context);
void register_supplier_routes(identity::SecuredRoutes& routes, BudgetContext& context);
void register_movement_routes(identity::SecuredRoutes& routes, BudgetContext& context);
void register_usage_routes(identity::SecuredRoutes& routes, BudgetContext& context);

}  // namespace bh::budget
