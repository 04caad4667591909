#pragma once
// Movement listings (all, by type, by subtype) with filters, built to stay fast at millions of rows:
// every filter has an index ending in id (0002_budget.sql), the default order is id (UUIDv7, i.e.
// creation order), the count stops at kMovementCountCap and pages beyond it are refused (400), so a
// request never scans more than cap + one page of index entries. An empty page is an empty page
// (seed ⚠ #23: it was a 404).
#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <vector>

#include "core/paging.h"
#include "db/listing.h"
#include "db/pool.h"
#include "services/budget/records.h"

namespace bh::budget {

inline constexpr std::int64_t kMovementCountCap = 10'000;

class MovementQueries {
  public:
    explicit MovementQueries(db::Pool& pool) : pool_(pool) {}
    // total_capped: more than kMovementCountCap rows match (the total is the cap).
    boost::asio::awaitable<Page<MovementRecord>> list(const MovementFilter& filter, const PageRequest& page);
    // The movements with these ids (with supplier, type and subtype), in no particular order; ids
    // without a movement are left out.
    boost::asio::awaitable<std::vector<MovementRecord>> by_ids(const std::vector<Uuid>& ids);

  private:
    db::Pool& pool_;
};

const db::Listing& movement_listing();
// The filter's conditions on `movements m`, values as parameters (the listing and the export use it).
db::Where movement_where(const MovementFilter& filter);

}  // namespace bh::budget
