#pragma once
// The dashboard's usage summary: per type (paged, by name) its allocated, spent, reserved (carved
// out for subtypes, not spent yet), available (what a movement on the type itself may still take)
// and reserved for payments (the part of spent held by open payments), and the same per subtype;
// and the alert list: every type and subtype whose spending reached a share of its allocation.
#include <boost/asio/awaitable.hpp>
#include <vector>

#include "db/pool.h"
#include "http/paging.h"
#include "services/budget/page.h"
#include "services/budget/records.h"

namespace bh::budget {

struct TypeUsage {
    BudgetTypeRecord type;
    std::vector<BudgetSubtypeRecord> subtypes;
};

// Budgets at or over a usage threshold, most used first, each list capped (totals say how many).
struct UsageAlerts {
    std::vector<BudgetTypeRecord> types;
    std::vector<SubtypeWithType> subtypes;
    std::int64_t total_types = 0;
    std::int64_t total_subtypes = 0;
};

class UsageQuery {
  public:
    explicit UsageQuery(db::Pool& pool) : pool_(pool) {}
    boost::asio::awaitable<Page<TypeUsage>> summary(const http::PageRequest& page);
    // spent * 100 >= percent * allocated (the usedPercent the summary shows, rounded down, >= percent);
    // empty allocations never alert.
    boost::asio::awaitable<UsageAlerts> alerts(int percent, int limit);

  private:
    db::Pool& pool_;
};

}  // namespace bh::budget
