#pragma once
// The invoices table: every read and write of an invoice, in one place. Errors carry the seed's
// codes: INVOICE_NOT_FOUND, MOVEMENT_NOT_FOUND / DOCUMENT_NUMBER_NOT_FOUND for a bad link,
// INVOICE_ALREADY_EXISTS when the movement already has an invoice, OPTIMISTIC_LOCKING_FAILURE.
#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>

#include "core/error.h"
#include "core/paging.h"
#include "db/listing.h"
#include "db/pool.h"
#include "services/budget/invoices/invoice_record.h"

namespace bh::budget {

inline constexpr const char* kInvoiceNotFound = "INVOICE_NOT_FOUND";
inline constexpr const char* kInvoiceAlreadyExists = "INVOICE_ALREADY_EXISTS";
inline constexpr const char* kDocumentNumberNotFound = "DOCUMENT_NUMBER_NOT_FOUND";

AppError invoice_not_found(const Uuid& id);

// Sort fields of GET /api/v1/invoice/all.
const db::Listing& invoice_listing();

class InvoiceStore {
  public:
    explicit InvoiceStore(db::Pool& pool) : pool_(pool) {}

    boost::asio::awaitable<InvoiceRecord> create(const InvoiceInput& input, const std::string& created_by);
    boost::asio::awaitable<InvoiceRecord> update(const InvoiceUpdate& update);
    boost::asio::awaitable<std::optional<InvoiceRecord>> find(const Uuid& id);
    boost::asio::awaitable<Page<InvoiceRecord>> list(const PageRequest& page);
    // Deletes the row; returns it (its file is the caller's to remove from storage).
    boost::asio::awaitable<InvoiceRecord> remove(const Uuid& id);
    // Points the invoice at a newly stored file; returns the file it had before (to remove).
    boost::asio::awaitable<std::optional<InvoiceFile>> attach_file(const Uuid& id, const InvoiceFile& file);

  private:
    db::Pool& pool_;
};

}  // namespace bh::budget
