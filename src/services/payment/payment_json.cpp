// The payment routes' bodies: see payment_json.h.
#include "services/payment/payment_json.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <chrono>

#include "core/json_text.h"
#include "db/time_text.h"
#include "runtime/json_input.h"
#include "runtime/query_input.h"

namespace bh::payment {

namespace json = boost::json;
using std::string;

namespace {

constexpr std::size_t kMaxDescription = 1000;
constexpr std::size_t kMaxStripeId = 255;
const Money kMaxAmount = Money::from_units(999'999);  // Stripe's largest charge is 999,999.99

json::value text_or_null(const std::optional<string>& text) {
    if (!text) return nullptr;
    return json::string(*text);
}

std::optional<std::int64_t> integer_field(const json::object& body, std::string_view field, JsonInput& in,
                                          std::int64_t min, std::int64_t max) {
    const auto* value = body.if_contains(field);
    std::optional<std::int64_t> number;
    if (value != nullptr && value->is_int64()) number = value->as_int64();
    if (value != nullptr && value->is_string()) {
        try {
            std::size_t used = 0;
            const string text(value->as_string());
            const auto parsed = std::stoll(text, &used);
            if (used == text.size()) number = parsed;
        } catch (const std::exception&) {
        }
    }
    if (!number || *number < min || *number > max) {
        in.add_error(field,
                     "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
        return std::nullopt;
    }
    return number;
}

string digits_only(std::string_view text) {
    string out;
    for (const char c : text) {
        if (c >= '0' && c <= '9')
            out.push_back(c);
        else if (c != ' ' && c != '-')
            return {};
    }
    return out;
}

std::string currency_of(JsonInput& in) {
    auto currency = in.required_text("currency", 3);
    for (auto& c : currency) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!currency.empty() && !is_supported_currency(currency)) {
        in.add_error("currency", "must be a three-letter ISO currency with cents (eur, usd, ...)");
    }
    return currency;
}

std::vector<PaymentItem> items_of(const json::object& body, JsonInput& in) {
    std::vector<PaymentItem> items;
    const auto* value = body.if_contains("items");
    if (value == nullptr || !value->is_array() || value->as_array().empty() ||
        value->as_array().size() > kMaxItems) {
        in.add_error("items", "must be a list of 1 to " + std::to_string(kMaxItems) + " items");
        return items;
    }
    std::size_t index = 0;
    for (const auto& entry : value->as_array()) {
        const auto prefix = "items[" + std::to_string(index++) + "]";
        if (!entry.is_object()) {
            in.add_error(prefix, "must be an object");
            continue;
        }
        JsonInput item_in(entry.as_object());
        PaymentItem item;
        // The seed's `id` is optional (nullable in the contract): an item without one is named by
        // its place in the list.
        item.name = item_in.optional_text("id", 200).value_or("Item " + std::to_string(index));
        item.amount = item_in.required_money("amount", Money::from_cents(1), kMaxAmount);
        item.budget_type_id = item_in.optional_uuid("budgetTypeId");
        item.budget_subtype_id = item_in.optional_uuid("budgetSubtypeId");
        item.supplier_id = item_in.required_uuid("supplierId");
        item.iva_rate_basis_points =
            item_in.optional_money("ivaRate", Money(), Money::from_units(100)).value_or(Money()).cents();
        auto named = [&entry](std::string_view key) {
            const auto* field = entry.as_object().if_contains(key);
            return field != nullptr && !field->is_null();
        };
        if (!named("budgetTypeId") && !named("budgetSubtypeId")) {
            item_in.add_error("budgetSubtypeId", "an item must name a budget subtype or a budget type");
        }
        try {
            item_in.finish();
        } catch (const AppError& e) {
            for (const auto& field : e.field_errors())
                in.add_error(prefix + "." + field.field, field.message);
            continue;
        }
        items.push_back(std::move(item));
    }
    return items;
}

}  // namespace

PaymentOrder read_intent_order(const json::object& body) {
    JsonInput in(body);
    PaymentOrder order;
    order.currency = currency_of(in);
    order.payment_method_id = in.optional_text("paymentMethodId", kMaxStripeId);
    order.description = in.required_text("description", kMaxDescription);
    order.items = items_of(body, in);
    if (auto type = in.optional_enum("movementType"); type && *type != "DEBIT") {
        in.add_error("movementType", "a payment is always a DEBIT movement (money paid out of a budget)");
    }
    in.finish();
    return order;
}

PaymentOrder read_session_order(const json::object& body) {
    JsonInput in(body);
    PaymentOrder order;
    order.currency = currency_of(in);
    order.description = in.required_text("description", kMaxDescription);
    order.items = items_of(body, in);
    in.finish();
    return order;
}

ConfirmCommand read_confirm(const json::object& body) {
    JsonInput in(body);
    ConfirmCommand command;
    command.intent_id = in.required_text("paymentIntentId", kMaxStripeId);
    command.payment_method_id = in.optional_text("paymentMethodId", kMaxStripeId);
    // returnUrl is not taken from the caller: an open redirect otherwise. payment.return_url is used.
    in.finish();
    return command;
}

string read_intent_id(const json::object& body) {
    JsonInput in(body);
    auto id = in.required_text("paymentIntentId", kMaxStripeId);
    in.finish();
    return id;
}

RefundCommand read_refund(const json::object& body) {
    JsonInput in(body);
    RefundCommand command;
    command.intent_id = in.required_text("paymentIntentId", kMaxStripeId);
    command.amount = in.optional_money("amount", Money::from_cents(1), kMaxAmount);
    in.finish();
    return command;
}

CardDetails read_card(const json::object& body) {
    JsonInput in(body);
    CardDetails card;
    const auto number = in.required_text("cardNumber", 40);
    card.number = digits_only(number);
    if (!number.empty() && (card.number.size() < 12 || card.number.size() > 19)) {
        in.add_error("cardNumber", "must be 12 to 19 digits");
    }
    card.exp_month = integer_field(body, "expMonth", in, 1, 12).value_or(0);
    card.exp_year = integer_field(body, "expYear", in, 2000, 2100).value_or(0);
    const auto cvc = in.required_text("cvc", 4);
    card.cvc = digits_only(cvc);
    if (!cvc.empty() && (card.cvc.size() < 3 || card.cvc.size() != cvc.size())) {
        in.add_error("cvc", "must be 3 or 4 digits");
    }
    in.finish();
    return card;
}

SepaDetails read_sepa(const json::object& body) {
    JsonInput in(body);
    SepaDetails sepa;
    auto iban = in.required_text("iban", 42);
    for (const char c : iban) {
        if (c != ' ') sepa.iban.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    if (!iban.empty() && (sepa.iban.size() < 15 || sepa.iban.size() > 34)) {
        in.add_error("iban", "must be an IBAN (15 to 34 letters and digits)");
    }
    sepa.holder_name = in.required_text("accountHolderName", 200);
    sepa.holder_type = in.required_text("accountHolderType", 20);
    for (auto& c : sepa.holder_type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!sepa.holder_type.empty() && sepa.holder_type != "individual" && sepa.holder_type != "company") {
        in.add_error("accountHolderType", "must be individual or company");
    }
    in.finish();
    return sepa;
}

std::optional<string> read_request_key(const http::Request& request) {
    const auto key = request.header("idempotency-key");
    if (key.empty()) return std::nullopt;
    bool visible = key.size() <= 255;
    for (const char c : key) visible = visible && c > ' ' && c < 127;
    if (!visible) {
        throw bad_request("Idempotency-Key must be 1 to 255 visible ASCII characters.")
            .with_fields({{"Idempotency-Key", "must be 1 to 255 visible ASCII characters"}});
    }
    return string(key);
}

PaymentListQuery read_list_query(const http::Request& request, const PageRequest& page) {
    PaymentListQuery query;
    QueryInput in(request);
    if (auto status = in.optional_word("status")) {
        query.status = parse_payment_status(*status);
        if (!query.status) in.add_error("status", "must be a payment status (CREATED, SUCCEEDED, ...)");
    }
    const auto from = in.optional_date("from");
    const auto to = in.optional_date("to");
    in.require_order("from", from, "to", to);
    in.finish("Invalid payment filter");
    if (from) query.created_from = std::chrono::sys_days(*from);
    if (to) query.created_until = std::chrono::sys_days(*to) + std::chrono::days(1);
    query.page = page;
    return query;
}

json::object payment_json(const PaymentRecord& p) {
    json::value items = json::parse(p.items_json);
    return json::object{
        {"id", p.id.to_string()},
        {"kind", p.kind},
        {"status", string(to_string(p.status))},
        {"description", p.description},
        {"currency", p.currency},
        {"amount", p.amount ? money_json(*p.amount) : json::value(nullptr)},
        {"refundedAmount", money_json(p.refunded_amount)},
        {"reserved", p.reserved},
        {"items", std::move(items)},
        {"userId", p.user_id.to_string()},
        {"email", p.user_email},
        {"paymentIntentId", text_or_null(p.stripe_intent_id)},
        {"sessionId", text_or_null(p.stripe_session_id)},
        {"sessionUrl", text_or_null(p.checkout_url)},
        {"receiptUrl", text_or_null(p.receipt_url)},
        {"lastError", text_or_null(p.last_error)},
        {"createdAt", db::format_timestamp(p.created_at)},
        {"updatedAt", db::format_timestamp(p.updated_at)},
    };
}

json::object details_json(const PaymentDetails& details) {
    auto out = payment_json(details.payment);
    json::array refunds;
    for (const auto& r : details.refunds) {
        refunds.push_back(json::object{{"id", r.id.to_string()},
                                       {"amount", money_json(r.amount)},
                                       {"status", r.status},
                                       {"stripeRefundId", text_or_null(r.stripe_refund_id)},
                                       {"createdAt", db::format_timestamp(r.created_at)}});
    }
    json::array history;
    for (const auto& h : details.history) {
        history.push_back(json::object{{"from", text_or_null(h.from_status)},
                                       {"to", h.to_status},
                                       {"sequence", h.sequence},
                                       {"cause", h.cause},
                                       {"detail", text_or_null(h.detail)},
                                       {"at", db::format_timestamp(h.at)}});
    }
    out["refunds"] = std::move(refunds);
    out["history"] = std::move(history);
    return out;
}

}  // namespace bh::payment
