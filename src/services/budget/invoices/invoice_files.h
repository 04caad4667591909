#pragma once
// Invoice files: checks an upload (size, type by content), stores it under a fresh key, points the
// invoice at it and only then removes the file it replaced, so a failure at any step leaves the
// invoice with a readable file. No HTTP here.
#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>

#include "services/budget/invoices/invoice_store.h"
#include "storage/object_store.h"

namespace bh::budget {

class InvoiceFiles {
  public:
    InvoiceFiles(InvoiceStore& invoices, storage::ObjectStore& objects, std::size_t max_file_bytes)
        : invoices_(invoices), objects_(objects), max_file_bytes_(max_file_bytes) {}

    std::size_t max_file_bytes() const { return max_file_bytes_; }
    // 404 INVOICE_NOT_FOUND; 400 MAX_UPLOAD_SIZE_EXCEEDED, EMPTY_FILE, UNSUPPORTED_FILE_TYPE.
    boost::asio::awaitable<InvoiceFile> attach(const Uuid& invoice_id, std::string bytes);
    // The attached file's bytes; nullopt when the invoice has none.
    boost::asio::awaitable<std::optional<std::string>> read(const InvoiceRecord& invoice);
    // Deletes the invoice, then its file.
    boost::asio::awaitable<void> delete_invoice(const Uuid& invoice_id);

  private:
    boost::asio::awaitable<void> remove_quietly(const std::string& key);

    InvoiceStore& invoices_;
    storage::ObjectStore& objects_;
    std::size_t max_file_bytes_;
};

// The 400 of a file over the limit (multipart and base64 alike).
AppError upload_too_large(std::size_t limit);

}  // namespace bh::budget
