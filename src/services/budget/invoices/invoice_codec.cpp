#include "services/budget/invoices/invoice_codec.h"

#include "db/time_text.h"
#include "runtime/json_input.h"
#include "services/budget/codec.h"

namespace bh::budget {

namespace {

namespace json = boost::json;

constexpr std::size_t kMaxDescription = 2000;
constexpr std::size_t kMaxUrl = 2000;
constexpr std::size_t kMaxDocumentNumber = 100;

InvoiceInput read_fields(JsonInput& in) {
    InvoiceInput input;
    input.date_of_emission = in.required_date("dateOfEmission");
    input.description = in.required_text("description", kMaxDescription);
    input.stripe_receipt_url = in.optional_text("stripeReceiptUrl", kMaxUrl);
    input.movement_id = in.optional_uuid("movementId");
    input.movement_document_number = in.optional_text("movementDocumentNumber", kMaxDocumentNumber);
    if (input.stripe_receipt_url && !input.stripe_receipt_url->starts_with("https://") &&
        !input.stripe_receipt_url->starts_with("http://")) {
        in.add_error("stripeReceiptUrl", "must be an http(s) URL");
    }
    return input;
}

}  // namespace

InvoiceInput read_invoice(const json::object& body) {
    JsonInput in(body);
    InvoiceInput input = read_fields(in);
    in.finish();
    return input;
}

InvoiceUpdate read_invoice_update(const json::object& body) {
    JsonInput in(body);
    InvoiceUpdate update;
    update.id = in.required_uuid("id");
    update.version = in.required_version();
    update.input = read_fields(in);
    in.finish();
    return update;
}

json::object to_json(const InvoiceRecord& invoice, const MovementRecord* movement,
                     const std::optional<std::string>& file_base64) {
    json::object out;
    out["id"] = invoice.id.to_string();
    out["version"] = invoice.version;
    out["dateOfEmission"] = db::format_date(invoice.date_of_emission);
    out["description"] = invoice.description;
    out["stripeReceiptUrl"] =
        invoice.stripe_receipt_url ? json::value(*invoice.stripe_receipt_url) : json::value(nullptr);
    out["movementId"] =
        invoice.movement_id ? json::value(invoice.movement_id->to_string()) : json::value(nullptr);
    out["movement"] = movement != nullptr ? json::value(to_json(*movement)) : json::value(nullptr);
    if (invoice.file) {
        out["fileKey"] = invoice.file->key;
        out["fileContentType"] = invoice.file->content_type;
        out["fileSize"] = invoice.file->size;
    } else {
        out["fileKey"] = nullptr;
    }
    if (file_base64) out["fileBase64"] = *file_base64;
    return out;
}

}  // namespace bh::budget
