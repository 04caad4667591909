// Budget service: its database (created and migrated at start), outbox relay, health, readiness and
// metrics. Its domain routes arrive with its own issue.
#include "services/budget/budget_service.h"

#include "migrations/budget.h"
#include "runtime/data_service.h"

namespace bh::budget {

namespace {

class BudgetService final : public runtime::DataService {
  public:
    explicit BudgetService(runtime::Runtime& rt)
        : DataService(rt, "budget", static_cast<std::uint16_t>(rt.config().get_int("budget.port")),
                      migrations(), {.redis = false}) {}
};

}  // namespace

std::unique_ptr<runtime::Service> make_service(runtime::Runtime& runtime) {
    return std::make_unique<BudgetService>(runtime);
}

std::span<const db::Migration> migrations() {
    return bh::migrations::budget();
}

}  // namespace bh::budget
