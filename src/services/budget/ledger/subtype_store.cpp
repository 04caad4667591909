#include "services/budget/ledger/subtype_store.h"

#include "db/sql_error.h"
#include "db/transaction.h"
#include "services/budget/errors.h"
#include "services/budget/row_mapping.h"

namespace bh::budget {

namespace {

namespace asio = boost::asio;
using std::string;

const string kLockTypeSql =
    "SELECT " + string(kTypeColumns) + " FROM budget_types t WHERE t.id = $1 FOR NO KEY UPDATE";
const db::Statement kLockType{"budget.subtype_lock_type", kLockTypeSql};

const string kLockSql =
    "SELECT " + string(kSubtypeColumns) + " FROM budget_subtypes s WHERE s.id = $1 FOR NO KEY UPDATE";
const db::Statement kLock{"budget.subtype_lock", kLockSql};

const string kInsertSql =
    "INSERT INTO budget_subtypes AS s (id, budget_type_id, name, description, allocated) "
    "VALUES ($1, $2, $3, $4, $5::numeric) RETURNING " +
    string(kSubtypeColumns);
const db::Statement kInsert{"budget.subtype_insert", kInsertSql};

const string kUpdateSql =
    "UPDATE budget_subtypes AS s SET budget_type_id = $2, name = $3, description = $4, "
    "allocated = $5::numeric, version = version + 1, updated_at = now() WHERE id = $1 "
    "RETURNING " +
    string(kSubtypeColumns);
const db::Statement kUpdate{"budget.subtype_update", kUpdateSql};

// The type's side of a subtype change: allocation carved out, spending carried (with the payment
// reservations inside it), direct spending.
const db::Statement kAdjustType{"budget.subtype_adjust_type",
                                "UPDATE budget_types SET sub_allocated = sub_allocated + $2::numeric, "
                                "spent = spent + $3::numeric, direct_spent = direct_spent + $4::numeric, "
                                "reserved = reserved + $5::numeric, updated_at = now() WHERE id = $1"};

const db::Statement kRelinkMovements{"budget.subtype_relink_movements",
                                     "UPDATE movements SET budget_type_id = $2 WHERE budget_subtype_id = $1"};
const db::Statement kDelete{"budget.subtype_delete", "DELETE FROM budget_subtypes WHERE id = $1"};

// A subtype and its type, as read_with_type() expects.
const string kWithTypeColumns = string(kSubtypeColumns) + ", " + string(kTypeColumns);
const string kWithTypeFrom = "budget_subtypes s JOIN budget_types t ON t.id = s.budget_type_id";
const string kWithTypeSql = "SELECT " + kWithTypeColumns + " FROM " + kWithTypeFrom;
const string kGetSql = kWithTypeSql + " WHERE s.id = $1";
// kGet holds a view of kGetSql.
const db::Statement kGet{"budget.subtype_get", kGetSql};
// The type's columns follow kSubtypeColumns.
constexpr int kTypeFirstColumn = kSubtypeColumnCount;

SubtypeWithType read_with_type(const db::Row& row) {
    return {read_subtype(row), read_type(row, kTypeFirstColumn)};
}

AppError name_taken(const string& name) {
    return conflict("A budget subtype with the name '" + name + "' already exists",
                    code::kBudgetSubtypeExists);
}

// What the type can still carve out or spend directly.
Money headroom(const BudgetTypeRecord& type) {
    return type.allocated - type.direct_spent - type.sub_allocated;
}

asio::awaitable<BudgetTypeRecord> lock_type(db::Transaction& tx, const Uuid& id) {
    const auto row_result = co_await tx->execute(kLockType, db::Params{id});
    auto row = row_result.maybe_one();
    if (!row) throw budget_type_not_found(id);
    co_return read_type(*row);
}

// Inside the writing transaction, so the type is the one this change produced.
template <class Connection>
asio::awaitable<SubtypeWithType> get_with_type(Connection& connection, const Uuid& id) {
    const auto row_result = co_await connection->execute(kGet, db::Params{id});
    auto row = row_result.maybe_one();
    if (!row) throw budget_subtype_not_found(id);
    co_return read_with_type(*row);
}

}  // namespace

const db::Listing& subtype_listing() {
    // The join is inner on a NOT NULL foreign key: counting the subtypes alone gives the same number.
    static const db::Listing listing({
        .columns = kWithTypeColumns,
        .from = kWithTypeFrom,
        .count_from = "budget_subtypes s",
        .sort_columns = {{"id", "s.id"},
                         {"name", "lower(s.name)"},
                         {"availableFunds", "(s.allocated - s.spent)"},
                         {"description", "lower(s.description)"},
                         // The parent type's name: list() joins budget_types as t.
                         {"budgetType", "lower(t.name)"}},
        .tie_breaker = "s.id",
    });
    return listing;
}

asio::awaitable<SubtypeWithType> SubtypeStore::create(const BudgetSubtypeInput& input) {
    try {
        co_return co_await db::with_transaction(
            pool_, db::Isolation::ReadCommitted,
            [&](db::Transaction& tx) -> asio::awaitable<SubtypeWithType> {
                const auto type = co_await lock_type(tx, *input.type_id);
                if (input.available_funds > headroom(type)) {
                    throw budget_exceeded(input.available_funds, headroom(type));
                }
                const auto row_result = co_await tx->execute(
                    kInsert,
                    db::Params{Uuid::v7(), type.id, input.name, input.description, input.available_funds});
                const auto created = read_subtype(row_result.one());
                co_await tx->execute(kAdjustType,
                                     db::Params{type.id, input.available_funds, Money{}, Money{}, Money{}});
                co_return co_await get_with_type(tx, created.id);
            });
    } catch (const db::DbError& e) {
        if (e.is_unique_violation()) throw name_taken(input.name);
        throw;
    }
}

asio::awaitable<SubtypeWithType> SubtypeStore::update(const Versioned& target,
                                                      const BudgetSubtypeInput& input) {
    try {
        co_return co_await db::with_transaction(
            pool_, db::Isolation::ReadCommitted,
            [&](db::Transaction& tx) -> asio::awaitable<SubtypeWithType> {
                // Lock order as everywhere: the subtype, then types by id.
                const auto locked_result = co_await tx->execute(kLock, db::Params{target.id});
                auto locked = locked_result.maybe_one();
                if (!locked) throw budget_subtype_not_found(target.id);
                const auto current = read_subtype(*locked);
                if (current.version != target.version) throw stale_version();
                const Uuid new_type_id = input.type_id.value_or(current.type_id);
                const Money allocated = current.spent + input.available_funds;
                if (allocated.is_negative()) throw budget_exceeded(current.spent, Money{});

                if (new_type_id == current.type_id) {
                    const auto type = co_await lock_type(tx, current.type_id);
                    const Money room = headroom(type) + current.allocated;
                    if (allocated > room) throw budget_exceeded(allocated, room);
                    co_await tx->execute(kAdjustType, db::Params{type.id, allocated - current.allocated,
                                                                 Money{}, Money{}, Money{}});
                } else {
                    // Moving: the new type must have room for the whole allocation; the old type gets
                    // the allocation back and loses the spending the subtype carries.
                    const bool old_first = current.type_id < new_type_id;
                    std::optional<BudgetTypeRecord> old_type;
                    std::optional<BudgetTypeRecord> new_type;
                    if (old_first) old_type = co_await lock_type(tx, current.type_id);
                    new_type = co_await lock_type(tx, new_type_id);
                    if (!old_first) old_type = co_await lock_type(tx, current.type_id);
                    if (allocated > headroom(*new_type))
                        throw budget_exceeded(allocated, headroom(*new_type));
                    co_await tx->execute(
                        kAdjustType, db::Params{current.type_id, -current.allocated, -current.spent, Money{},
                                                -current.reserved_for_payments});
                    co_await tx->execute(kAdjustType, db::Params{new_type_id, allocated, current.spent,
                                                                 Money{}, current.reserved_for_payments});
                    co_await tx->execute(kRelinkMovements, db::Params{current.id, new_type_id});
                }
                co_await tx->execute(
                    kUpdate, db::Params{current.id, new_type_id, input.name, input.description, allocated});
                co_return co_await get_with_type(tx, current.id);
            });
    } catch (const db::DbError& e) {
        if (e.is_unique_violation()) throw name_taken(input.name);
        throw;
    }
}

asio::awaitable<void> SubtypeStore::remove(const Uuid& id) {
    co_await db::with_transaction(
        pool_, db::Isolation::ReadCommitted, [&](db::Transaction& tx) -> asio::awaitable<void> {
            const auto locked_result = co_await tx->execute(kLock, db::Params{id});
            auto locked = locked_result.maybe_one();
            if (!locked) throw budget_subtype_not_found(id);
            const auto subtype = read_subtype(*locked);
            co_await lock_type(tx, subtype.type_id);
            // The allocation returns to the type; what the subtype spent stays spent, now directly on
            // the type, where its movements remain booked (ON DELETE SET NULL keeps budget_type_id).
            // Its reservations stay counted on the type too (types.reserved includes its subtypes').
            co_await tx->execute(kAdjustType, db::Params{subtype.type_id, -subtype.allocated, Money{},
                                                         subtype.spent, Money{}});
            co_await tx->execute(kDelete, db::Params{id});
        });
}

asio::awaitable<SubtypeWithType> SubtypeStore::get(const Uuid& id) {
    auto lease = co_await pool_.acquire();
    co_return co_await get_with_type(lease, id);
}

asio::awaitable<Page<SubtypeWithType>> SubtypeStore::list(const std::optional<std::string>& name,
                                                          const std::optional<Uuid>& type_id,
                                                          const PageRequest& page) {
    db::Where where;
    if (name) where.add("s.name ILIKE $ ESCAPE '\\'", db::contains_pattern(*name));
    if (type_id) where.add("s.budget_type_id = $", *type_id);
    auto lease = co_await pool_.acquire();
    const auto found = co_await db::list_page(*lease, subtype_listing(), where, page);
    co_return db::read_page<SubtypeWithType>(found, [](const db::Row& row) { return read_with_type(row); });
}

}  // namespace bh::budget
