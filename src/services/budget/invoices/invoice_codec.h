#pragma once
// Invoice JSON as the contract has it (InvoiceDTO): reading request bodies with a 400 that names
// every bad field, and writing responses.
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "services/budget/invoices/invoice_record.h"
#include "services/budget/records.h"

namespace bh::budget {

InvoiceInput read_invoice(const boost::json::object& body);
InvoiceUpdate read_invoice_update(const boost::json::object& body);

// {id, version, dateOfEmission, description, stripeReceiptUrl, movementId, movement (the linked
//  movement, without invoice; null when none), fileKey, fileContentType, fileSize, fileBase64 (only
//  when given: GET by id)}
boost::json::object to_json(const InvoiceRecord& invoice, const MovementRecord* movement,
                            const std::optional<std::string>& file_base64 = {});

}  // namespace bh::budget
