#include "services/budget/ledger/movement_store.h"

#include "db/sql_error.h"
#include "db/transaction.h"
#include "services/budget/errors.h"
#include "services/budget/ledger/funds_ledger.h"
#include "services/budget/row_mapping.h"

namespace bh::budget {

namespace {

namespace asio = boost::asio;
using std::string;

const db::Statement kInsert{
    "budget.movement_insert",
    "INSERT INTO movements (id, kind, status, document_number, date_of_emission, description, "
    "value_without_iva, iva_rate, iva_value, total_value, booked_amount, supplier_id, budget_type_id, "
    "budget_subtype_id, created_by) VALUES ($1, $2, $3, $4, $5::date, $6, $7::numeric, $8::numeric, "
    "$9::numeric, $10::numeric, $11::numeric, $12, $13, $14, $15)"};

const db::Statement kUpdate{
    "budget.movement_update",
    "UPDATE movements SET kind = $2, status = $3, document_number = $4, date_of_emission = $5::date, "
    "description = $6, value_without_iva = $7::numeric, iva_rate = $8::numeric, iva_value = $9::numeric, "
    "total_value = $10::numeric, booked_amount = $11::numeric, supplier_id = $12, budget_type_id = $13, "
    "budget_subtype_id = $14, version = version + 1, updated_at = now() WHERE id = $1"};

const string kLockSql = "SELECT " + string(kMovementColumns) + " FROM movements m WHERE m.id = $1 FOR UPDATE";
const db::Statement kLock{"budget.movement_lock", kLockSql};

const string kGetSql = "SELECT " + string(kMovementColumns) + ", " + string(kTypeColumns) + ", " +
                       string(kSubtypeColumns) + ", " + string(kSupplierColumns) + " FROM " +
                       string(kMovementTables) + " WHERE m.id = $1";
const db::Statement kGet{"budget.movement_get", kGetSql};

const db::Statement kDelete{"budget.movement_delete", "DELETE FROM movements WHERE id = $1"};

// Locks the subtype the movement is booked on, so it cannot move to another type meanwhile.
const db::Statement kSubtypeParent{
    "budget.movement_subtype_parent",
    "SELECT budget_type_id FROM budget_subtypes WHERE id = $1 FOR NO KEY UPDATE"};
const db::Statement kTypeExists{"budget.movement_type_exists", "SELECT 1 FROM budget_types WHERE id = $1"};
const db::Statement kSupplierExists{"budget.movement_supplier_exists",
                                    "SELECT 1 FROM suppliers WHERE id = $1 FOR KEY SHARE"};

AppError document_taken(const string& number) {
    return conflict("A movement with the document number '" + number + "' already exists",
                    code::kMovementExists);
}

asio::awaitable<BudgetLink> resolve_link(db::Transaction& tx, const MovementInput& input) {
    if (input.subtype_id) {
        const auto row_result = co_await tx->execute(kSubtypeParent, db::Params{*input.subtype_id});
        auto row = row_result.maybe_one();
        if (!row) throw budget_subtype_not_found(*input.subtype_id);
        const auto parent = row->get<Uuid>(0);
        if (input.type_id && *input.type_id != parent) {
            throw bad_request("budgetTypeId: is not the type of budget subtype " +
                              input.subtype_id->to_string())
                .with_fields({{"budgetTypeId", "is not the type of the given budgetSubtypeId"}});
        }
        co_return BudgetLink{parent, input.subtype_id};
    }
    if (input.type_id) {
        const auto found = co_await tx->execute(kTypeExists, db::Params{*input.type_id});
        if (found.empty()) {
            throw budget_type_not_found(*input.type_id);
        }
        co_return BudgetLink{input.type_id, std::nullopt};
    }
    co_return BudgetLink{};
}

// The movement as it will be stored, from the input and what was there before.
MovementRecord build(const Uuid& id, std::int32_t version, const MovementInput& input,
                     const BudgetLink& link) {
    MovementRecord m;
    m.id = id;
    m.version = version;
    m.kind = input.kind;
    m.status = input.status;
    m.document_number = input.document_number;
    m.date_of_emission = input.date_of_emission;
    m.description = input.description;
    m.amounts = compute_amounts(input.value_without_iva, input.iva_rate_basis_points);
    m.booked_amount = held_amount(m.kind, m.status, m.amounts.total_value);
    m.supplier_id = input.supplier_id;
    m.link = link;
    return m;
}

MovementInput input_of(const MovementRecord& m) {
    return {m.kind,
            m.status,
            m.document_number,
            m.date_of_emission,
            m.description,
            m.amounts.value_without_iva,
            m.amounts.iva_rate_basis_points,
            m.supplier_id.value_or(Uuid{}),
            m.link.type_id,
            m.link.subtype_id,
            /*status_given=*/true};
}

asio::awaitable<void> require_supplier(db::Transaction& tx, Uuid id) {
    const auto found = co_await tx->execute(kSupplierExists, db::Params{id});
    if (found.empty()) throw supplier_not_found(id);
}

}  // namespace

asio::awaitable<MovementRecord> MovementStore::create(const MovementInput& input, const Actor& actor) {
    if (!is_legal_initial_status(input.status)) {
        throw bad_request("status: a new movement is ACCEPTED, PROCESSING or SUCCEEDED")
            .with_fields({{"status", "must be ACCEPTED, PROCESSING or SUCCEEDED for a new movement"}});
    }
    const Uuid id = Uuid::v7();
    try {
        co_await db::with_transaction(
            pool_, db::Isolation::ReadCommitted, [&](db::Transaction& tx) -> asio::awaitable<void> {
                co_await require_supplier(tx, input.supplier_id);
                const auto link = co_await resolve_link(tx, input);
                const auto movement = build(id, 0, input, link);
                auto params = movement_params(movement);
                params.add(actor.user_id);
                co_await tx->execute(kInsert, params);
                const Booking booking{link, movement.booked_amount,
                                      movement.reserved_amount};  // named: see update()
                const auto plan = plan_funds(std::nullopt, booking);
                const auto crossings = co_await apply_funds_plan(tx, plan);
                co_await events_.created(tx, movement, actor);
                co_await events_.crossings(tx, crossings, id, actor);
            });
    } catch (const db::DbError& e) {
        if (e.is_unique_violation()) throw document_taken(input.document_number);
        if (e.is_foreign_key_violation()) throw not_found("A referenced supplier or budget no longer exists");
        throw;
    }
    co_return co_await get(id);
}

asio::awaitable<MovementRecord> MovementStore::update(const Versioned& target, const MovementInput& input,
                                                      const Actor& actor) {
    co_return co_await change(target.id, target.version, input, std::nullopt, actor);
}

asio::awaitable<MovementRecord> MovementStore::change_status(const Uuid& id,
                                                             std::optional<std::int32_t> version,
                                                             MovementStatus status, const Actor& actor) {
    co_return co_await change(id, version, std::nullopt, status, actor);
}

asio::awaitable<MovementRecord> MovementStore::change(const Uuid& id, std::optional<std::int32_t> version,
                                                      std::optional<MovementInput> input,
                                                      std::optional<MovementStatus> status,
                                                      const Actor& actor) {
    try {
        co_await db::with_transaction(
            pool_, db::Isolation::ReadCommitted, [&](db::Transaction& tx) -> asio::awaitable<void> {
                const auto locked_result = co_await tx->execute(kLock, db::Params{id});
                auto locked = locked_result.maybe_one();
                if (!locked) throw movement_not_found(id);
                const auto before = read_movement(*locked, false);
                if (before.payment_id) throw payment_movement(id, *before.payment_id);
                if (version && *version != before.version) throw stale_version();
                MovementInput wanted = input ? *input : input_of(before);
                if (input && !input->status_given) wanted.status = before.status;
                if (status) wanted.status = *status;
                if (!is_legal_transition(before.status, wanted.status)) {
                    throw movement_validation("illegal status transition from " +
                                              string(to_string(before.status)) + " to " +
                                              string(to_string(wanted.status)));
                }
                BudgetLink link = before.link;
                if (input) {
                    co_await require_supplier(tx, wanted.supplier_id);
                    link = co_await resolve_link(tx, wanted);
                } else if (before.link.subtype_id) {
                    // Keep the lock order of every booking: the subtype row before the type rows.
                    co_await tx->execute(kSubtypeParent, db::Params{*before.link.subtype_id});
                }
                auto after = build(id, before.version + 1, wanted, link);
                if (!input)
                    after.supplier_id =
                        before.supplier_id;  // a status change keeps a deleted supplier's NULL
                co_await tx->execute(kUpdate, movement_params(after));
                // Named values, not temporaries inside the co_await: g++ 12 destroys aggregate temporaries
                // of a co_await full-expression twice.
                const Booking held_before{before.link, before.booked_amount, before.reserved_amount};
                const Booking held_after{after.link, after.booked_amount, after.reserved_amount};
                const auto plan = plan_funds(held_before, held_after);
                const auto crossings = co_await apply_funds_plan(tx, plan);
                co_await events_.updated(tx, before, after, actor);
                co_await events_.crossings(tx, crossings, id, actor);
            });
    } catch (const db::DbError& e) {
        if (e.is_unique_violation() && input) throw document_taken(input->document_number);
        if (e.is_foreign_key_violation()) throw not_found("A referenced supplier or budget no longer exists");
        throw;
    }
    co_return co_await get(id);
}

asio::awaitable<void> MovementStore::remove(const Uuid& id, const Actor& actor) {
    co_await db::with_transaction(
        pool_, db::Isolation::ReadCommitted, [&](db::Transaction& tx) -> asio::awaitable<void> {
            const auto locked_result = co_await tx->execute(kLock, db::Params{id});
            auto locked = locked_result.maybe_one();
            if (!locked) throw movement_not_found(id);
            const auto before = read_movement(*locked, false);
            if (before.payment_id) throw payment_movement(id, *before.payment_id);
            if (before.link.subtype_id)
                co_await tx->execute(kSubtypeParent, db::Params{*before.link.subtype_id});
            co_await tx->execute(kDelete, db::Params{id});
            const Booking held{before.link, before.booked_amount, before.reserved_amount};
            const auto plan = plan_funds(held, std::nullopt);
            co_await apply_funds_plan(tx, plan);
            co_await events_.deleted(tx, before, actor);
        });
}

asio::awaitable<MovementRecord> MovementStore::get(const Uuid& id) {
    auto lease = co_await pool_.acquire();
    const auto row_result = co_await lease->execute(kGet, db::Params{id});
    auto row = row_result.maybe_one();
    if (!row) throw movement_not_found(id);
    co_return read_movement(*row, true);
}

}  // namespace bh::budget
