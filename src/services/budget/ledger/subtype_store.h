#pragma once
// Budget subtypes: allocations carved out of their type. A subtype's allocation never exceeds what
// its type has left (seed §5.3, checked under the type's row lock); moving a subtype to another type
// is checked against the new type and carries its spending along (seed ⚠ fixed); deleting one gives
// its allocation back to the type (seed ⚠ #11 fixed) and its movements stay booked on the type.
#include <boost/asio/awaitable.hpp>

#include "core/paging.h"
#include "db/listing.h"
#include "db/pool.h"
#include "services/budget/codec.h"
#include "services/budget/records.h"

namespace bh::budget {

class SubtypeStore {
  public:
    explicit SubtypeStore(db::Pool& pool) : pool_(pool) {}

    // Every read and write answers with the subtype and its type as committed (the response's
    // nested budgetType).
    boost::asio::awaitable<SubtypeWithType> create(const BudgetSubtypeInput& input);
    boost::asio::awaitable<SubtypeWithType> update(const Versioned& target, const BudgetSubtypeInput& input);
    boost::asio::awaitable<void> remove(const Uuid& id);
    boost::asio::awaitable<SubtypeWithType> get(const Uuid& id);
    // `name`: only the subtypes whose name contains it (any case); `type_id`: only that type's.
    boost::asio::awaitable<Page<SubtypeWithType>> list(const std::optional<std::string>& name,
                                                       const std::optional<Uuid>& type_id,
                                                       const PageRequest& page);

  private:
    db::Pool& pool_;
};

const db::Listing& subtype_listing();

}  // namespace bh::budget
