// JSON of the payment contract: the budget.reserve command and reply, the payment.updated payload.
#include "services/budget/payments/payment_codec.h"

#include <boost/json/array.hpp>

#include "core/json_text.h"
#include "db/time_text.h"
#include "runtime/json_input.h"

namespace bh::budget {

namespace {

namespace json = boost::json;

constexpr std::size_t kDescriptionLength = 2000;
constexpr std::size_t kReceiptUrlLength = 2000;
const Money kMax = Money::from_cents(Money::kMaxCents);
const Money kHundredPercent = Money::from_units(100);

void require_version_one(const json::object& body, std::vector<FieldError>& errors) {
    const auto* version = body.if_contains("version");
    if (version == nullptr || !version->is_int64() || version->as_int64() != 1) {
        errors.push_back({"version", "must be 1"});
    }
}

// The errors a JsonInput collected, or none.
std::vector<FieldError> errors_of(const JsonInput& in) {
    try {
        in.finish();
    } catch (const AppError& e) {
        return e.field_errors();
    }
    return {};
}

ReserveLine read_line(const json::value& value, std::size_t index, std::vector<FieldError>& errors) {
    const std::string prefix = "lines[" + std::to_string(index) + "]";
    if (!value.is_object()) {
        errors.push_back({prefix, "must be an object"});
        return {};
    }
    JsonInput in(value.as_object());
    ReserveLine line;
    line.type_id = in.optional_uuid("budgetTypeId");
    line.subtype_id = in.optional_uuid("budgetSubtypeId");
    line.supplier_id = in.required_uuid("supplierId");
    line.value_without_iva = in.required_money("valueWithoutIva", Money::from_cents(1), kMax);
    // A percentage with at most two decimals (23 = 23 %); as cents it is basis points.
    line.iva_rate_basis_points = in.required_money("ivaRate", Money{}, kHundredPercent).cents();
    for (auto& error : errors_of(in))
        errors.push_back({prefix + "." + error.field, std::move(error.message)});
    return line;
}

[[noreturn]] void invalid(std::vector<FieldError> errors) {
    std::string message = "Validation failed: ";
    for (std::size_t i = 0; i < errors.size(); ++i) {
        if (i > 0) message += ", ";
        message += errors[i].field + " " + errors[i].message;
    }
    throw bad_request(std::move(message)).with_fields(std::move(errors));
}

std::string_view outcome_name(ReserveOutcome outcome) {
    switch (outcome) {
        case ReserveOutcome::Reserved:
            return "RESERVED";
        case ReserveOutcome::BudgetExceeded:
            return "BUDGET_EXCEEDED";
        case ReserveOutcome::NotFound:
            return "NOT_FOUND";
        case ReserveOutcome::Invalid:
            return "INVALID";
    }
    return "INVALID";
}

}  // namespace

ReserveCommand read_reserve_command(const json::object& body) {
    std::vector<FieldError> errors;
    require_version_one(body, errors);
    JsonInput in(body);
    ReserveCommand command;
    command.payment_id = in.required_uuid("paymentId");
    command.description = in.optional_text("description", kDescriptionLength).value_or("");
    command.user_id = in.required_uuid("userId").to_string();
    command.date_of_emission = in.required_date("dateOfEmission");
    for (auto& error : errors_of(in)) errors.push_back(std::move(error));

    const auto* lines = body.if_contains("lines");
    if (lines == nullptr || !lines->is_array() || lines->as_array().empty() ||
        lines->as_array().size() > kMaxPaymentLines) {
        errors.push_back(
            {"lines", "must be an array of 1 to " + std::to_string(kMaxPaymentLines) + " lines"});
    } else {
        const auto& array = lines->as_array();
        for (std::size_t i = 0; i < array.size(); ++i)
            command.lines.push_back(read_line(array[i], i, errors));
    }
    if (!errors.empty()) invalid(std::move(errors));
    return command;
}

json::object reserve_reply_json(const ReservationResult& result, const std::string& payment_id) {
    json::object reply{{"version", 1}, {"paymentId", payment_id}, {"outcome", outcome_name(result.outcome)}};
    if (result.outcome == ReserveOutcome::Reserved) {
        reply["total"] = money_json(result.total);
        json::array movements;
        for (const auto& m : result.movements) {
            movements.push_back(json::object{{"movementId", m.movement_id.to_string()},
                                             {"documentNumber", m.document_number},
                                             {"valueWithoutIva", money_json(m.amounts.value_without_iva)},
                                             {"ivaValue", money_json(m.amounts.iva_value)},
                                             {"totalValue", money_json(m.amounts.total_value)}});
        }
        reply["movements"] = std::move(movements);
        return reply;
    }
    reply["message"] = result.message;
    if (result.outcome == ReserveOutcome::Invalid) {
        json::array errors;
        for (const auto& e : result.errors)
            errors.push_back(json::object{{"field", e.field}, {"message", e.message}});
        reply["errors"] = std::move(errors);
    }
    return reply;
}

PaymentUpdate read_payment_update(const json::object& payload) {
    std::vector<FieldError> errors;
    const auto* version = payload.if_contains("version");
    if (version == nullptr || !version->is_int64() || version->as_int64() < 1) {
        errors.push_back({"version", "must be a positive integer"});
    }
    JsonInput in(payload);
    PaymentUpdate update;
    update.payment_id = in.required_uuid("paymentId");
    const auto* sequence = payload.if_contains("sequence");
    if (sequence != nullptr && sequence->is_int64() && sequence->as_int64() >= 1) {
        update.sequence = sequence->as_int64();
    } else {
        in.add_error("sequence", "must be a positive integer");
    }
    const auto status = in.optional_enum("status");
    const auto parsed_status = status ? parse_payment_status(*status) : std::nullopt;
    if (parsed_status) {
        update.status = *parsed_status;
    } else {
        in.add_error("status", "must be a payment status");
    }
    // A payment refused before budget answered its reservation (or canceled before it) has no
    // amount yet: null, for a final state that holds nothing. Every other state carries it.
    const bool may_lack_amount = parsed_status && (*parsed_status == PaymentStatus::Failed ||
                                                   *parsed_status == PaymentStatus::Canceled);
    const auto* amount = payload.if_contains("amount");
    if (may_lack_amount && (amount == nullptr || amount->is_null())) {
        update.amount = Money{};
    } else {
        update.amount = in.required_money("amount", Money{}, kMax);
    }
    update.refunded_amount = in.optional_money("refundedAmount", Money{}, kMax).value_or(Money{});
    update.receipt_url = in.optional_text("receiptUrl", kReceiptUrlLength);
    // A bad timestamp only costs the invoice its date (the movement's is used): never reject for it.
    if (const auto* at = payload.if_contains("occurredAt"); at != nullptr && at->is_string()) {
        update.occurred_at = db::parse_timestamp(at->as_string());
    }
    for (auto& error : errors_of(in)) errors.push_back(std::move(error));
    if (!errors.empty()) invalid(std::move(errors));
    return update;
}

}  // namespace bh::budget
