#pragma once
// The dashboard's usage summary: per type (paged, by name) its allocated, spent, reserved (carved
// out for subtypes, not spent yet), available (what a movement on the type itself may still take)
// and reserved for payments (the part of spent held by open payments), and the same per subtype.
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

class UsageQuery {
  public:
    explicit UsageQuery(db::Pool& pool) : pool_(pool) {}
    boost::asio::awaitable<Page<TypeUsage>> summary(const http::PageRequest& page);

  private:
    db::Pool& pool_;
};

}  // namespace bh::budget
