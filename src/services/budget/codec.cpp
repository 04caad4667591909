#include "services/budget/codec.h"

#include <boost/json/array.hpp>

#include "db/time_text.h"
#include "services/budget/errors.h"

namespace bh::budget {

namespace {

namespace json = boost::json;

constexpr std::size_t kNameLength = 120;
constexpr std::size_t kDescriptionLength = 2000;
const Money kZero{};
const Money kMax = Money::from_cents(Money::kMaxCents);
const Money kHundredPercent = Money::from_units(100);

bool looks_like_email(const std::string& text) {
    const auto at = text.find('@');
    if (at == std::string::npos || at == 0 || at != text.rfind('@')) return false;
    const auto dot = text.find('.', at);
    return dot != std::string::npos && dot > at + 1 && dot + 1 < text.size() &&
           text.find(' ') == std::string::npos;
}

bool looks_like_phone(const std::string& text) {
    std::size_t digits = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            ++digits;
        } else if (!(c == '+' && i == 0) && c != ' ' && c != '-') {
            return false;
        }
    }
    return digits >= 6 && digits <= 15;
}

bool looks_like_nif(const std::string& text) {
    if (text.size() < 5 || text.size() > 20) return false;
    for (const char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
    }
    return true;
}

json::value optional_uuid_json(const std::optional<Uuid>& id) {
    return id ? json::value(id->to_string()) : json::value(nullptr);
}

}  // namespace

BudgetTypeInput read_budget_type(const json::object& body) {
    JsonInput in(body);
    BudgetTypeInput input;
    input.name = in.required_text("name", kNameLength);
    input.description = in.required_text("description", kDescriptionLength);
    input.available_funds = in.required_money("availableFunds", kZero, kMax);
    in.finish();
    return input;
}

BudgetSubtypeInput read_budget_subtype(const json::object& body, bool type_required) {
    JsonInput in(body);
    BudgetSubtypeInput input;
    input.name = in.required_text("name", kNameLength);
    input.description = in.required_text("description", kDescriptionLength);
    input.available_funds = in.required_money("availableFunds", kZero, kMax);
    if (type_required) {
        input.type_id = in.required_uuid("budgetTypeId");
    } else {
        input.type_id = in.optional_uuid("budgetTypeId");
    }
    in.finish();
    return input;
}

SupplierInput read_supplier(const json::object& body) {
    JsonInput in(body);
    SupplierInput input;
    input.company_name = in.required_text("companyName", 200);
    input.responsible_name = in.required_text("responsibleName", 200);
    input.nif = in.required_text("nif", 32);
    if (!input.nif.empty() && !looks_like_nif(input.nif))
        in.add_error("nif", "must be 5 to 20 letters or digits");
    input.phone_number = in.optional_text("phoneNumber", 32);
    if (input.phone_number && !looks_like_phone(*input.phone_number)) {
        in.add_error("phoneNumber", "must be a phone number (6 to 15 digits, optional leading +)");
    }
    input.email = in.optional_text("email", 254);
    if (input.email && !looks_like_email(*input.email)) in.add_error("email", "must be an e-mail address");
    in.finish();
    return input;
}

MovementInput read_movement(const json::object& body) {
    JsonInput in(body);
    MovementInput input;
    if (auto kind = in.optional_enum("type")) {
        if (auto parsed = parse_movement_kind(*kind)) {
            input.kind = *parsed;
        } else {
            in.add_error("type", "must be DEBIT or CREDIT");
        }
    } else {
        in.add_error("type", "is required (DEBIT or CREDIT)");
    }
    if (auto status = in.optional_enum("status")) {
        if (auto parsed = parse_movement_status(*status)) {
            input.status = *parsed;
            input.status_given = true;
        } else {
            in.add_error(
                "status",
                "must be one of ACCEPTED, PROCESSING, SUCCEEDED, CANCELED, REFUSED, FAILED, REFUNDED");
        }
    }
    input.document_number = in.required_text("documentNumber", 100);
    input.date_of_emission = in.required_date("dateOfEmission");
    input.description = in.optional_text("description", kDescriptionLength).value_or("");
    input.value_without_iva = in.required_money("valueWithoutIva", Money::from_cents(1), kMax);
    // The rate is a percentage with at most two decimals (23 = 23 %); as cents it is basis points.
    input.iva_rate_basis_points =
        in.optional_money("ivaRate", kZero, kHundredPercent).value_or(kZero).cents();
    input.supplier_id = in.required_uuid("supplierId");
    input.type_id = in.optional_uuid("budgetTypeId");
    input.subtype_id = in.optional_uuid("budgetSubtypeId");
    in.finish();
    return input;
}

Versioned read_versioned(const json::object& body) {
    JsonInput in(body);
    Versioned v;
    v.id = in.required_uuid("id");
    v.version = in.required_version();
    in.finish();
    return v;
}

json::object to_json(const BudgetTypeRecord& type) {
    const auto usage = type_usage(type.allocated, type.sub_allocated, type.direct_spent, type.spent);
    return {
        {"id", type.id.to_string()},
        {"version", type.version},
        {"name", type.name},
        {"description", type.description},
        {"availableFunds", money_json(type.allocated - type.spent)},
        {"allocated", money_json(type.allocated)},
        {"spent", money_json(type.spent)},
        {"reserved", money_json(usage.reserved)},
        {"unallocated", money_json(usage.available)},
    };
}

json::object to_json(const BudgetSubtypeRecord& subtype) {
    return {
        {"id", subtype.id.to_string()},
        {"version", subtype.version},
        {"name", subtype.name},
        {"description", subtype.description},
        {"availableFunds", money_json(subtype.allocated - subtype.spent)},
        {"allocated", money_json(subtype.allocated)},
        {"spent", money_json(subtype.spent)},
        {"budgetTypeId", subtype.type_id.to_string()},
    };
}

json::object to_json(const SubtypeWithType& subtype) {
    auto out = to_json(subtype.subtype);
    out["budgetType"] = to_json(subtype.type);
    return out;
}

json::object to_json(const SupplierRecord& supplier) {
    return {
        {"id", supplier.id.to_string()},
        {"version", supplier.version},
        {"companyName", supplier.company_name},
        {"responsibleName", supplier.responsible_name},
        {"nif", supplier.nif},
        {"phoneNumber", supplier.phone_number ? json::value(*supplier.phone_number) : json::value(nullptr)},
        {"email", supplier.email ? json::value(*supplier.email) : json::value(nullptr)},
    };
}

json::object to_json(const MovementRecord& movement) {
    json::object out{
        {"id", movement.id.to_string()},
        {"version", movement.version},
        {"type", to_string(movement.kind)},
        {"status", to_string(movement.status)},
        {"documentNumber", movement.document_number},
        {"dateOfEmission", db::format_date(movement.date_of_emission)},
        {"description", movement.description},
        {"valueWithoutIva", money_json(movement.amounts.value_without_iva)},
        {"ivaRate", money_json(Money::from_cents(movement.amounts.iva_rate_basis_points))},
        {"ivaValue", money_json(movement.amounts.iva_value)},
        {"totalValue", money_json(movement.amounts.total_value)},
        {"supplierId", optional_uuid_json(movement.supplier_id)},
        {"budgetTypeId", optional_uuid_json(movement.link.type_id)},
        {"budgetSubtypeId", optional_uuid_json(movement.link.subtype_id)},
        // The payment this movement is a line of (null for a movement entered by hand).
        {"paymentId", optional_uuid_json(movement.payment_id)},
    };
    if (movement.supplier) out["supplier"] = to_json(*movement.supplier);
    if (movement.budget_type) out["budgetType"] = to_json(*movement.budget_type);
    if (movement.budget_subtype) out["budgetSubtype"] = to_json(*movement.budget_subtype);
    return out;
}

}  // namespace bh::budget
