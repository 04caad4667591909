#pragma once
// Budget types: CRUD with optimistic locking and case-insensitive unique names (by index).
#include <boost/asio/awaitable.hpp>
#include <utility>
#include <vector>

#include "core/paging.h"
#include "db/listing.h"
#include "db/pool.h"
#include "services/budget/codec.h"
#include "services/budget/records.h"

namespace bh::budget {

struct BudgetTypeWithSubtypes {
    BudgetTypeRecord type;
    std::vector<BudgetSubtypeRecord> subtypes;
};

class TypeStore {
  public:
    explicit TypeStore(db::Pool& pool) : pool_(pool) {}

    // 409 BUDGET_TYPE_ALREADY_EXISTS on a name clash (any case).
    boost::asio::awaitable<BudgetTypeRecord> create(const BudgetTypeInput& input);
    // allocated becomes spent + availableFunds; it may not fall below what the subtypes hold plus
    // what was spent on the type directly (400 BUDGET_EXCEEDED). 404, 409 stale version, 409 name.
    boost::asio::awaitable<BudgetTypeRecord> update(const Versioned& target, const BudgetTypeInput& input);
    // Deletes its subtypes too; movements that pointed at them stay, without a budget. 404.
    boost::asio::awaitable<void> remove(const Uuid& id);
    boost::asio::awaitable<BudgetTypeWithSubtypes> get(const Uuid& id);
    // `name`: only the types whose name contains it (any case).
    boost::asio::awaitable<Page<BudgetTypeRecord>> list(const std::optional<std::string>& name,
                                                        const PageRequest& page);

  private:
    db::Pool& pool_;
};

// GET /budget/type/all: sizes, sortable fields and their columns.
const db::Listing& type_listing();

}  // namespace bh::budget
