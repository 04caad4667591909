// Budget service skeleton: health, readiness, metrics. Its domain arrives with its own issue.
#include "services/budget/budget_service.h"

#include "runtime/http_service.h"

namespace bh::budget {

namespace {

class BudgetService final : public runtime::HttpService {
  public:
    explicit BudgetService(runtime::Runtime& rt)
        : HttpService(rt, "budget", static_cast<std::uint16_t>(rt.config().get_int("budget.port"))) {}
};

}  // namespace

std::unique_ptr<runtime::Service> make_service(runtime::Runtime& runtime) {
    return std::make_unique<BudgetService>(runtime);
}

}  // namespace bh::budget
