#pragma once
// Invoices as the business code sees them (no JSON, no SQL).
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "core/uuid.h"

namespace bh::budget {

struct InvoiceFile {
    std::string key;  // object-storage key
    std::string content_type;
    std::int64_t size = 0;
};

struct InvoiceRecord {
    Uuid id;
    std::int32_t version = 0;
    std::chrono::year_month_day date_of_emission{};
    std::string description;
    std::optional<std::string> stripe_receipt_url;
    std::optional<Uuid> movement_id;
    std::optional<InvoiceFile> file;
};

// What a create or an update may set. The file is never set here: only the attach routes change it
// (seed ⚠ #15: an update dropped or deleted the stored file).
struct InvoiceInput {
    std::chrono::year_month_day date_of_emission{};
    std::string description;
    std::optional<std::string> stripe_receipt_url;
    // The movement to link: by id, else by document number; neither = no link.
    std::optional<Uuid> movement_id;
    std::optional<std::string> movement_document_number;
};

struct InvoiceUpdate {
    Uuid id;
    std::int32_t version = 0;
    InvoiceInput input;
};

}  // namespace bh::budget
