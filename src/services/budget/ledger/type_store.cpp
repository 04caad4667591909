#include "services/budget/ledger/type_store.h"

#include "db/sql_error.h"
#include "db/transaction.h"
#include "services/budget/errors.h"
#include "services/budget/row_mapping.h"

namespace bh::budget {

namespace {

namespace asio = boost::asio;
using std::string;

const string kInsertSql =
    "INSERT INTO budget_types AS t (id, name, description, allocated) "
    "VALUES ($1, $2, $3, $4::numeric) RETURNING " +
    string(kTypeColumns);
const db::Statement kInsert{"budget.type_insert", kInsertSql};

const string kLockSql = "SELECT " + string(kTypeColumns) + " FROM budget_types t WHERE t.id = $1 FOR UPDATE";
const db::Statement kLock{"budget.type_lock", kLockSql};

const string kUpdateSql =
    "UPDATE budget_types AS t SET name = $2, description = $3, "
    "allocated = $4::numeric, version = version + 1, updated_at = now() "
    "WHERE id = $1 RETURNING " +
    string(kTypeColumns);
const db::Statement kUpdate{"budget.type_update", kUpdateSql};

const db::Statement kDelete{"budget.type_delete", "DELETE FROM budget_types WHERE id = $1"};

const string kGetSql = "SELECT " + string(kTypeColumns) + " FROM budget_types t WHERE t.id = $1";
const db::Statement kGet{"budget.type_get", kGetSql};

const string kSubtypesOfSql =
    "SELECT " + string(kSubtypeColumns) +
    " FROM budget_subtypes s WHERE s.budget_type_id = $1 ORDER BY lower(s.name), s.id";
const db::Statement kSubtypesOf{"budget.type_subtypes", kSubtypesOfSql};

AppError name_taken(const string& name) {
    return conflict("A budget type with the name '" + name + "' already exists", code::kBudgetTypeExists);
}

}  // namespace

const db::Listing& type_listing() {
    static const db::Listing listing({
        .columns = string(kTypeColumns),
        .from = "budget_types t",
        .sort_columns = {{"id", "t.id"},
                         {"name", "lower(t.name)"},
                         {"availableFunds", "(t.allocated - t.spent)"},
                         {"description", "lower(t.description)"}},
        .tie_breaker = "t.id",
    });
    return listing;
}

asio::awaitable<BudgetTypeRecord> TypeStore::create(const BudgetTypeInput& input) {
    auto lease = co_await pool_.acquire();
    std::optional<db::Result> result;
    try {
        result = co_await lease->execute(
            kInsert, db::Params{Uuid::v7(), input.name, input.description, input.available_funds});
    } catch (const db::DbError& e) {
        if (e.is_unique_violation()) throw name_taken(input.name);
        throw;
    }
    co_return read_type(result->one());
}

asio::awaitable<BudgetTypeRecord> TypeStore::update(const Versioned& target, const BudgetTypeInput& input) {
    try {
        co_return co_await db::with_transaction(
            pool_, db::Isolation::ReadCommitted,
            [&](db::Transaction& tx) -> asio::awaitable<BudgetTypeRecord> {
                const auto locked_result = co_await tx->execute(kLock, db::Params{target.id});
                auto locked = locked_result.maybe_one();
                if (!locked) throw budget_type_not_found(target.id);
                const auto current = read_type(*locked);
                if (current.version != target.version) throw stale_version();
                // availableFunds is what remains: the new ceiling keeps what was spent.
                const Money allocated = current.spent + input.available_funds;
                const Money committed = current.direct_spent + current.sub_allocated;
                if (allocated.is_negative() || allocated < committed) {
                    throw budget_exceeded(committed, allocated < Money{} ? Money{} : allocated);
                }
                auto updated = co_await tx->execute(
                    kUpdate, db::Params{target.id, input.name, input.description, allocated});
                co_return read_type(updated.one());
            });
    } catch (const db::DbError& e) {
        if (e.is_unique_violation()) throw name_taken(input.name);
        throw;
    }
}

asio::awaitable<void> TypeStore::remove(const Uuid& id) {
    // In a retried transaction: the cascade locks subtypes and movements in an order that can
    // deadlock with a concurrent movement change; PostgreSQL aborts one side and we run it again.
    co_await db::with_transaction(pool_, db::Isolation::ReadCommitted,
                                  [&](db::Transaction& tx) -> asio::awaitable<void> {
                                      const auto result = co_await tx->execute(kDelete, db::Params{id});
                                      if (result.affected_rows() == 0) throw budget_type_not_found(id);
                                  });
}

asio::awaitable<BudgetTypeWithSubtypes> TypeStore::get(const Uuid& id) {
    auto lease = co_await pool_.acquire();
    const auto row_result = co_await lease->execute(kGet, db::Params{id});
    auto row = row_result.maybe_one();
    if (!row) throw budget_type_not_found(id);
    BudgetTypeWithSubtypes out{read_type(*row), {}};
    const auto subtypes = co_await lease->execute(kSubtypesOf, db::Params{id});
    for (const auto& sub : subtypes) {
        out.subtypes.push_back(read_subtype(sub));
    }
    co_return out;
}

asio::awaitable<Page<BudgetTypeRecord>> TypeStore::list(const std::optional<std::string>& name,
                                                        const PageRequest& page) {
    db::Where where;
    if (name) where.add("t.name ILIKE $ ESCAPE '\\'", db::contains_pattern(*name));
    auto lease = co_await pool_.acquire();
    const auto found = co_await db::list_page(*lease, type_listing(), where, page);
    co_return db::read_page<BudgetTypeRecord>(found, [](const db::Row& row) { return read_type(row); });
}

}  // namespace bh::budget
