#include "services/budget/invoices/invoice_store.h"

#include "db/sql_error.h"
#include "db/statement.h"
#include "db/transaction.h"
#include "services/budget/errors.h"

namespace bh::budget {

namespace {

namespace asio = boost::asio;

#define BH_INVOICE_COLUMNS                                                                    \
    "id, version, date_of_emission, description, stripe_receipt_url, movement_id, file_key, " \
    "file_content_type, "                                                                     \
    "file_size"

constexpr db::Statement kInsert{
    "budget.invoice_insert",
    "INSERT INTO invoices (id, date_of_emission, description, stripe_receipt_url, movement_id, created_by) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING " BH_INVOICE_COLUMNS};
constexpr db::Statement kUpdate{
    "budget.invoice_update",
    "UPDATE invoices SET version = version + 1, date_of_emission = $3, description = $4, stripe_receipt_url "
    "= $5, "
    "movement_id = $6, updated_at = now() WHERE id = $1 AND version = $2 RETURNING " BH_INVOICE_COLUMNS};
constexpr db::Statement kExists{"budget.invoice_exists", "SELECT 1 FROM invoices WHERE id = $1"};
constexpr db::Statement kFind{"budget.invoice_find",
                              "SELECT " BH_INVOICE_COLUMNS " FROM invoices WHERE id = $1"};
constexpr db::Statement kDelete{"budget.invoice_delete",
                                "DELETE FROM invoices WHERE id = $1 RETURNING " BH_INVOICE_COLUMNS};
constexpr db::Statement kMovementById{"budget.invoice_movement_by_id",
                                      "SELECT id FROM movements WHERE id = $1"};
constexpr db::Statement kMovementByNumber{"budget.invoice_movement_by_number",
                                          "SELECT id FROM movements WHERE document_number = $1"};
// The old file is read under the row lock the UPDATE takes, so two concurrent attachments each
// learn the file they replaced and no object is orphaned.
constexpr db::Statement kLockFile{
    "budget.invoice_lock_file",
    "SELECT file_key, file_content_type, file_size FROM invoices WHERE id = $1 FOR UPDATE"};
constexpr db::Statement kSetFile{
    "budget.invoice_set_file",
    "UPDATE invoices SET version = version + 1, file_key = $2, file_content_type = $3, "
    "file_size = $4, updated_at = now() WHERE id = $1"};

std::optional<InvoiceFile> read_file(const db::Row& row, int first) {
    auto key = row.get<std::optional<std::string>>(first);
    if (!key) return std::nullopt;
    return InvoiceFile{std::move(*key), row.get<std::string>(first + 1), row.get<std::int64_t>(first + 2)};
}

InvoiceRecord read_invoice(const db::Row& row) {
    InvoiceRecord invoice;
    invoice.id = row.get<Uuid>(0);
    invoice.version = row.get<std::int32_t>(1);
    invoice.date_of_emission = row.get<std::chrono::year_month_day>(2);
    invoice.description = row.get<std::string>(3);
    invoice.stripe_receipt_url = row.get<std::optional<std::string>>(4);
    invoice.movement_id = row.get<std::optional<Uuid>>(5);
    invoice.file = read_file(row, 6);
    return invoice;
}

// The movement an input names, by id or else by document number; 404 when it does not exist.
asio::awaitable<std::optional<Uuid>> resolve_movement(db::Transaction& tx, const InvoiceInput& input) {
    if (input.movement_id) {
        const auto found = co_await tx->execute(kMovementById, db::Params{*input.movement_id});
        if (found.empty()) throw movement_not_found(*input.movement_id);
        co_return input.movement_id;
    }
    if (input.movement_document_number) {
        const auto found =
            co_await tx->execute(kMovementByNumber, db::Params{*input.movement_document_number});
        if (found.empty()) {
            throw not_found("Document number not found with number: " + *input.movement_document_number,
                            kDocumentNumberNotFound);
        }
        co_return found.one().get<Uuid>(0);
    }
    co_return std::nullopt;
}

// A write that named a movement already linked to another invoice, or one deleted meanwhile.
[[noreturn]] void rethrow_link_error(const db::DbError& error, const std::optional<Uuid>& movement) {
    if (movement && error.is_unique_violation()) {
        throw conflict("An invoice is already linked to the movement with ID: " + movement->to_string(),
                       kInvoiceAlreadyExists);
    }
    if (movement && error.is_foreign_key_violation()) throw movement_not_found(*movement);
    throw;
}

}  // namespace

AppError invoice_not_found(const Uuid& id) {
    return not_found("Invoice not found with ID: " + id.to_string(), kInvoiceNotFound);
}

const db::Listing& invoice_listing() {
    static const db::Listing listing({.columns = BH_INVOICE_COLUMNS,
                                      .from = "invoices",
                                      .default_size = 20,
                                      .max_size = 100,
                                      .sort_columns = {{"id", "id"},
                                                       {"dateOfEmission", "date_of_emission"},
                                                       {"description", "description"}},
                                      .default_sort_field = "id"});
    return listing;
}

asio::awaitable<InvoiceRecord> InvoiceStore::create(const InvoiceInput& input,
                                                    const std::string& created_by) {
    co_return co_await db::with_transaction(
        pool_, db::Isolation::ReadCommitted, [&](db::Transaction& tx) -> asio::awaitable<InvoiceRecord> {
            const auto movement = co_await resolve_movement(tx, input);
            try {
                const auto row = co_await tx->execute(
                    kInsert, db::Params{Uuid::v7(), input.date_of_emission, input.description,
                                        input.stripe_receipt_url, movement, created_by});
                co_return read_invoice(row.one());
            } catch (const db::DbError& error) {
                rethrow_link_error(error, movement);
            }
        });
}

asio::awaitable<InvoiceRecord> InvoiceStore::update(const InvoiceUpdate& update) {
    co_return co_await db::with_transaction(
        pool_, db::Isolation::ReadCommitted, [&](db::Transaction& tx) -> asio::awaitable<InvoiceRecord> {
            const auto movement = co_await resolve_movement(tx, update.input);
            std::optional<InvoiceRecord> updated;
            try {
                const auto rows = co_await tx->execute(
                    kUpdate, db::Params{update.id, update.version, update.input.date_of_emission,
                                        update.input.description, update.input.stripe_receipt_url, movement});
                if (auto row = rows.maybe_one()) updated = read_invoice(*row);
            } catch (const db::DbError& error) {
                rethrow_link_error(error, movement);
            }
            if (!updated) {
                const auto exists = co_await tx->execute(kExists, db::Params{update.id});
                if (exists.empty()) throw invoice_not_found(update.id);
                throw stale_version();
            }
            co_return std::move(*updated);
        });
}

asio::awaitable<std::optional<InvoiceRecord>> InvoiceStore::find(const Uuid& id) {
    auto lease = co_await pool_.acquire();
    const auto rows = co_await lease->execute(kFind, db::Params{id});
    auto row = rows.maybe_one();
    if (!row) co_return std::nullopt;
    co_return read_invoice(*row);
}

asio::awaitable<Page<InvoiceRecord>> InvoiceStore::list(const PageRequest& page) {
    auto lease = co_await pool_.acquire();
    const db::Where every_invoice;
    const auto found = co_await db::list_page(*lease, invoice_listing(), every_invoice, page);
    co_return db::read_page<InvoiceRecord>(found, [](const db::Row& row) { return read_invoice(row); });
}

asio::awaitable<InvoiceRecord> InvoiceStore::remove(const Uuid& id) {
    auto lease = co_await pool_.acquire();
    const auto rows = co_await lease->execute(kDelete, db::Params{id});
    auto row = rows.maybe_one();
    if (!row) throw invoice_not_found(id);
    co_return read_invoice(*row);
}

asio::awaitable<std::optional<InvoiceFile>> InvoiceStore::attach_file(const Uuid& id,
                                                                      const InvoiceFile& file) {
    co_return co_await db::with_transaction(
        pool_, db::Isolation::ReadCommitted,
        [&](db::Transaction& tx) -> asio::awaitable<std::optional<InvoiceFile>> {
            const auto locked = co_await tx->execute(kLockFile, db::Params{id});
            auto row = locked.maybe_one();
            if (!row) throw invoice_not_found(id);
            auto previous = read_file(*row, 0);
            co_await tx->execute(kSetFile, db::Params{id, file.key, file.content_type, file.size});
            co_return previous;
        });
}

}  // namespace bh::budget
