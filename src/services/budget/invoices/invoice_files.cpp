#include "services/budget/invoices/invoice_files.h"

#include <spdlog/spdlog.h>

#include "http/multipart.h"
#include "services/budget/invoices/file_type.h"

namespace bh::budget {

namespace asio = boost::asio;

AppError upload_too_large(std::size_t limit) {
    return AppError(ErrorKind::BadRequest, http::kMaxUploadSizeExceeded,
                    "File size exceeds the maximum limit of " + std::to_string(limit) + " bytes")
        .with_fields({{"file", "must be at most " + std::to_string(limit) + " bytes"}});
}

asio::awaitable<InvoiceFile> InvoiceFiles::attach(const Uuid& invoice_id, std::string bytes) {
    if (bytes.size() > max_file_bytes_) throw upload_too_large(max_file_bytes_);
    const FileType type = require_supported_file_type(bytes);
    const auto invoice = co_await invoices_.find(invoice_id);
    if (!invoice) throw invoice_not_found(invoice_id);

    InvoiceFile file{
        "invoices/" + invoice_id.to_string() + "/" + Uuid::v7().to_string() + std::string(type.extension),
        std::string(type.content_type), static_cast<std::int64_t>(bytes.size())};
    co_await objects_.put(file.key, std::move(bytes), file.content_type);
    std::optional<InvoiceFile> previous;
    std::exception_ptr failure;
    try {
        previous = co_await invoices_.attach_file(invoice_id, file);
    } catch (...) {
        failure = std::current_exception();
    }
    if (failure) {
        // The invoice went away (or the database failed) after the upload: drop the new object.
        co_await remove_quietly(file.key);
        std::rethrow_exception(failure);
    }
    if (previous) co_await remove_quietly(previous->key);
    co_return file;
}

asio::awaitable<std::optional<std::string>> InvoiceFiles::read(const InvoiceRecord& invoice) {
    if (!invoice.file) co_return std::nullopt;
    // A little slack over the upload limit: files stored under an older, larger limit stay readable.
    co_return co_await objects_.get(invoice.file->key, max_file_bytes_ * 2 + 1024);
}

asio::awaitable<void> InvoiceFiles::delete_invoice(const Uuid& invoice_id) {
    const InvoiceRecord removed = co_await invoices_.remove(invoice_id);
    if (removed.file) co_await remove_quietly(removed.file->key);
}

asio::awaitable<void> InvoiceFiles::remove_quietly(const std::string& key) {
    // An object left behind costs storage, not correctness: log it for a clean-up and go on.
    try {
        co_await objects_.remove(key);
    } catch (const std::exception& error) {
        spdlog::warn("object {} could not be removed: {}", key, error.what());
    }
}

}  // namespace bh::budget
