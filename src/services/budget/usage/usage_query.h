#pragma once
// The dashboard's usage summary: per type (paged, by name) its allocated, spent, reserved (carved
// out for subtypes, not spent yet), available (what a movement on the type itself may still take)
// and reserved for payments (the part of spent held by open payments), and the same per subtype;
// and the alert list: every type and subtype whose spending reached a share of its allocation.
#include <boost/asio/awaitable.hpp>
#include <vector>

#include "core/paging.h"
#include "db/listing.h"
#include "db/pool.h"
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

// GET /budget/usage: by name or id, 20 a page (at most 100).
const db::Listing& usage_listing();

class UsageQuery {
  public:
    explicit UsageQuery(db::Pool& pool) : pool_(pool) {}
    boost::asio::awaitable<Page<TypeUsage>> summary(const PageRequest& page);
    // spent * 100 >= percent * allocated (the usedPercent the summary shows, rounded down, >= percent);
    // empty allocations never alert.
    boost::asio::awaitable<UsageAlerts> alerts(int percent, int limit);

  private:
    db::Pool& pool_;
};

}  // namespace bh::budget
