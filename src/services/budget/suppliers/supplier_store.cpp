#include "services/budget/suppliers/supplier_store.h"

#include "db/sql_error.h"
#include "db/transaction.h"
#include "services/budget/errors.h"
#include "services/budget/row_mapping.h"

namespace bh::budget {

namespace {

namespace asio = boost::asio;
using std::string;

const string kInsertSql =
    "INSERT INTO suppliers AS p (id, company_name, responsible_name, nif, phone_number, email) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING " +
    string(kSupplierColumns);
const db::Statement kInsert{"budget.supplier_insert", kInsertSql};

const string kUpdateSql =
    "UPDATE suppliers AS p SET company_name = $2, responsible_name = $3, nif = $4, "
    "phone_number = $5, email = $6, version = version + 1, updated_at = now() "
    "WHERE id = $1 AND version = $7 RETURNING " +
    string(kSupplierColumns);
const db::Statement kUpdate{"budget.supplier_update", kUpdateSql};

// Which unique fields another supplier already holds (all of them, for one complete message).
const db::Statement kClashes{"budget.supplier_clashes",
                             "SELECT bool_or(nif = $2), bool_or(lower(email) = lower($3)), "
                             "bool_or(phone_number = $4) FROM suppliers "
                             "WHERE id IS DISTINCT FROM $1 AND (nif = $2 OR lower(email) = lower($3) "
                             "OR phone_number = $4)"};

const db::Statement kExists{"budget.supplier_exists", "SELECT 1 FROM suppliers WHERE id = $1"};
const db::Statement kDelete{"budget.supplier_delete", "DELETE FROM suppliers WHERE id = $1"};
const string kGetSql = "SELECT " + string(kSupplierColumns) + " FROM suppliers p WHERE p.id = $1";
const db::Statement kGet{"budget.supplier_get", kGetSql};

AppError supplier_conflict(const std::vector<string>& reasons) {
    string joined;
    for (const auto& reason : reasons) joined += (joined.empty() ? "" : ", ") + reason;
    return conflict("Supplier operation failed due to the following error/s: " + joined,
                    code::kSupplierValidation);
}

std::vector<string> clash_reasons(const SupplierInput& input, bool nif, bool email, bool phone) {
    std::vector<string> reasons;
    if (nif) reasons.push_back("NIF already exists: " + input.nif);
    if (email && input.email) reasons.push_back("Email already exists: " + *input.email);
    if (phone && input.phone_number)
        reasons.push_back("This phone number already exists: " + *input.phone_number);
    return reasons;
}

// A race between the check and the write ends in the unique index: name the field from it.
AppError from_unique_violation(const db::DbError& e, const SupplierInput& input) {
    const auto& constraint = e.constraint();
    return supplier_conflict(clash_reasons(input, constraint == "suppliers_nif_key",
                                           constraint == "suppliers_email_key",
                                           constraint == "suppliers_phone_key"));
}

}  // namespace

const db::Listing& supplier_listing() {
    static const db::Listing listing({
        .columns = string(kSupplierColumns),
        .from = "suppliers p",
        .sort_columns = {{"id", "p.id"},
                         {"companyName", "lower(p.company_name)"},
                         {"responsibleName", "lower(p.responsible_name)"},
                         {"nif", "p.nif"},
                         {"email", "lower(p.email)", db::Nullable}},
        .tie_breaker = "p.id",
    });
    return listing;
}

asio::awaitable<SupplierRecord> SupplierStore::create(const SupplierInput& input) {
    co_return co_await write(std::nullopt, input);
}

asio::awaitable<SupplierRecord> SupplierStore::update(const Versioned& target, const SupplierInput& input) {
    co_return co_await write(target, input);
}

asio::awaitable<SupplierRecord> SupplierStore::write(const std::optional<Versioned>& target,
                                                     const SupplierInput& input) {
    auto lease = co_await pool_.acquire();
    const std::optional<Uuid> self = target ? std::optional(target->id) : std::nullopt;
    const auto clashes_result =
        co_await lease->execute(kClashes, db::Params{self, input.nif, input.email, input.phone_number});
    const auto clashes = clashes_result.one();
    if (!clashes.is_null(0)) {
        throw supplier_conflict(clash_reasons(input, clashes.get<std::optional<bool>>(0).value_or(false),
                                              clashes.get<std::optional<bool>>(1).value_or(false),
                                              clashes.get<std::optional<bool>>(2).value_or(false)));
    }
    std::optional<db::Result> result;
    try {
        if (target) {
            result = co_await lease->execute(
                kUpdate, db::Params{target->id, input.company_name, input.responsible_name, input.nif,
                                    input.phone_number, input.email, target->version});
        } else {
            result = co_await lease->execute(
                kInsert, db::Params{Uuid::v7(), input.company_name, input.responsible_name, input.nif,
                                    input.phone_number, input.email});
        }
    } catch (const db::DbError& e) {
        if (e.is_unique_violation()) throw from_unique_violation(e, input);
        throw;
    }
    if (result->empty()) {
        const auto found = co_await lease->execute(kExists, db::Params{target->id});
        if (found.empty()) throw supplier_not_found(target->id);
        throw stale_version();
    }
    co_return read_supplier(result->one());
}

asio::awaitable<void> SupplierStore::remove(const Uuid& id) {
    auto lease = co_await pool_.acquire();
    const auto found = co_await lease->execute(kDelete, db::Params{id});
    if (found.affected_rows() == 0) throw supplier_not_found(id);
}

asio::awaitable<SupplierRecord> SupplierStore::get(const Uuid& id) {
    auto lease = co_await pool_.acquire();
    const auto row_result = co_await lease->execute(kGet, db::Params{id});
    auto row = row_result.maybe_one();
    if (!row) throw supplier_not_found(id);
    co_return read_supplier(*row);
}

asio::awaitable<Page<SupplierRecord>> SupplierStore::list(const std::optional<std::string>& name,
                                                          const PageRequest& page) {
    db::Where where;
    if (name) {
        const auto pattern = db::contains_pattern(*name);
        where.add(
            "(p.company_name ILIKE $ ESCAPE '\\' OR p.responsible_name ILIKE $ ESCAPE '\\' OR "
            "p.nif ILIKE $ ESCAPE '\\')",
            pattern, pattern, pattern);
    }
    auto lease = co_await pool_.acquire();
    const auto found = co_await db::list_page(*lease, supplier_listing(), where, page);
    co_return db::read_page<SupplierRecord>(found, [](const db::Row& row) { return read_supplier(row); });
}

}  // namespace bh::budget
