// The typed Stripe calls (see api.h): forms built from request structs, answers parsed into structs.
#include "stripe/api.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/error.h"
#include "stripe/errors.h"

namespace bh::stripe {

namespace {

namespace asio = boost::asio;
namespace json = boost::json;

// "<prefix>/<id><suffix>"; an empty id would silently address the collection instead.
std::string object_path(std::string_view prefix, std::string_view id, std::string_view suffix = {}) {
    if (id.empty()) throw internal("Stripe call on " + std::string(prefix) + " without an id");
    std::string path(prefix);
    path.append("/").append(percent_encode(id)).append(suffix);
    return path;
}

void add_list(Form& form, std::string_view key, const std::vector<std::string>& values) {
    for (std::size_t i = 0; i < values.size(); ++i) {
        std::string field(key);
        field.append("[").append(std::to_string(i)).append("]");
        form.emplace_back(std::move(field), values[i]);
    }
}

json::object metadata_json(const Metadata& metadata) {
    json::object object;
    for (const auto& [key, value] : metadata) object[key] = value;
    return object;
}

json::object line_item_json(const CheckoutLineItem& item) {
    json::object product{{"name", item.name}};
    if (!item.product_metadata.empty()) product["metadata"] = metadata_json(item.product_metadata);
    json::object price{{"currency", item.currency}, {"unit_amount", item.unit_amount}};
    price["product_data"] = std::move(product);
    json::object line;
    line["price_data"] = std::move(price);
    line["quantity"] = item.quantity;
    return line;
}

// The first element of a list answer's `data`, if any.
const json::object* first_of(const json::object& list) {
    const auto* data = list.if_contains("data");
    if (data == nullptr || !data->is_array() || data->get_array().empty()) return nullptr;
    const auto& first = data->get_array().front();
    return first.is_object() ? &first.get_object() : nullptr;
}

}  // namespace

// ---- forms ----

std::string customer_search_query(std::string_view email) {
    std::string query = "email:'";
    for (const char c : email) {
        if (c == '\'' || c == '\\') query.push_back('\\');
        query.push_back(c);
    }
    query.push_back('\'');
    return query;
}

Form customer_form(const std::string& email) {
    return Form{{"email", email}};
}

Form payment_intent_form(const PaymentIntentCreate& request) {
    Form form{{"amount", std::to_string(request.amount)}, {"currency", request.currency}};
    add_if_set(form, "customer", request.customer);
    add_if_set(form, "payment_method", request.payment_method);
    add_if_set(form, "receipt_email", request.receipt_email);
    add_if_set(form, "description", request.description);
    add_metadata(form, "metadata", request.metadata);
    if (!request.payment_method_types.empty()) {
        add_list(form, "payment_method_types", request.payment_method_types);
    } else if (request.automatic_payment_methods) {
        form.emplace_back("automatic_payment_methods[enabled]", "true");
    }
    return form;
}

Form confirm_form(const PaymentIntentConfirm& request) {
    Form form;
    add_if_set(form, "return_url", request.return_url);
    add_if_set(form, "payment_method", request.payment_method);
    return form;
}

Form refund_form(const RefundCreate& request) {
    Form form{{"payment_intent", request.payment_intent}};
    if (request.amount) form.emplace_back("amount", std::to_string(*request.amount));
    add_metadata(form, "metadata", request.metadata);
    return form;
}

Form card_token_form(const CardDetails& card) {
    return Form{{"card[number]", card.number},
                {"card[exp_month]", std::to_string(card.exp_month)},
                {"card[exp_year]", std::to_string(card.exp_year)},
                {"card[cvc]", card.cvc}};
}

Form sepa_payment_method_form(const SepaDetails& sepa) {
    Form form{{"type", "sepa_debit"},
              {"sepa_debit[iban]", sepa.iban},
              {"billing_details[name]", sepa.account_holder_name}};
    add_if_set(form, "billing_details[email]", sepa.email);
    return form;
}

Form checkout_session_form(const CheckoutSessionCreate& request) {
    Form form{{"mode", "payment"}, {"success_url", request.success_url}, {"cancel_url", request.cancel_url}};
    add_if_set(form, "customer", request.customer);
    add_if_set(form, "client_reference_id", request.client_reference_id);
    add_list(form, "payment_method_types", request.payment_method_types);
    for (std::size_t i = 0; i < request.line_items.size(); ++i) {
        add_flattened(form, "line_items[" + std::to_string(i) + "]", line_item_json(request.line_items[i]));
    }
    add_if_set(form, "payment_intent_data[receipt_email]", request.receipt_email);
    add_if_set(form, "payment_intent_data[description]", request.payment_intent_description);
    add_metadata(form, "payment_intent_data[metadata]", request.payment_intent_metadata);
    add_metadata(form, "metadata", request.metadata);
    if (request.expires_at) form.emplace_back("expires_at", std::to_string(*request.expires_at));
    return form;
}

// ---- calls ----
// Every argument of an awaited call is a named local moved in (g++ 12, see the header).

asio::awaitable<Customer> find_or_create_customer(Client& client, std::string email,
                                                  std::string idempotency_key) {
    json::object found;
    bool search_missing = false;
    try {
        std::string path = "/v1/customers/search";
        Form query{{"query", customer_search_query(email)}, {"limit", "1"}};
        found = co_await client.get(std::move(path), query);
    } catch (const StripeError& error) {
        if (error.http_status() != 404) throw;
        search_missing = true;
    }
    if (search_missing) {
        std::string path = "/v1/customers";
        Form query{{"email", email}, {"limit", "1"}};
        found = co_await client.get(std::move(path), query);
    }
    if (const auto* first = first_of(found)) co_return parse_customer(*first);

    std::string path = "/v1/customers";
    Form form = customer_form(email);
    const json::object created = co_await client.post(std::move(path), form, std::move(idempotency_key));
    co_return parse_customer(created);
}

asio::awaitable<PaymentIntent> create_payment_intent(Client& client, PaymentIntentCreate request,
                                                     std::string idempotency_key) {
    std::string path = "/v1/payment_intents";
    Form form = payment_intent_form(request);
    const json::object answer = co_await client.post(std::move(path), form, std::move(idempotency_key));
    co_return parse_payment_intent(answer);
}

asio::awaitable<PaymentIntent> retrieve_payment_intent(Client& client, std::string id) {
    std::string path = object_path("/v1/payment_intents", id);
    const json::object answer = co_await client.get(std::move(path));
    co_return parse_payment_intent(answer);
}

asio::awaitable<PaymentIntent> confirm_payment_intent(Client& client, std::string id,
                                                      PaymentIntentConfirm request,
                                                      std::string idempotency_key) {
    std::string path = object_path("/v1/payment_intents", id, "/confirm");
    Form form = confirm_form(request);
    const json::object answer = co_await client.post(std::move(path), form, std::move(idempotency_key));
    co_return parse_payment_intent(answer);
}

asio::awaitable<PaymentIntent> cancel_payment_intent(Client& client, std::string id,
                                                     std::string idempotency_key) {
    std::string path = object_path("/v1/payment_intents", id, "/cancel");
    Form form;
    const json::object answer = co_await client.post(std::move(path), form, std::move(idempotency_key));
    co_return parse_payment_intent(answer);
}

asio::awaitable<Charge> retrieve_charge(Client& client, std::string id) {
    std::string path = object_path("/v1/charges", id);
    const json::object answer = co_await client.get(std::move(path));
    co_return parse_charge(answer);
}

asio::awaitable<Refund> create_refund(Client& client, RefundCreate request, std::string idempotency_key) {
    std::string path = "/v1/refunds";
    Form form = refund_form(request);
    const json::object answer = co_await client.post(std::move(path), form, std::move(idempotency_key));
    co_return parse_refund(answer);
}

asio::awaitable<CardToken> create_card_token(Client& client, CardDetails card, std::string idempotency_key) {
    std::string path = "/v1/tokens";
    Form form = card_token_form(card);
    const json::object answer = co_await client.post(std::move(path), form, std::move(idempotency_key));
    co_return parse_card_token(answer);
}

asio::awaitable<PaymentMethod> create_sepa_payment_method(Client& client, SepaDetails sepa,
                                                          std::string idempotency_key) {
    std::string path = "/v1/payment_methods";
    Form form = sepa_payment_method_form(sepa);
    const json::object answer = co_await client.post(std::move(path), form, std::move(idempotency_key));
    co_return parse_payment_method(answer);
}

asio::awaitable<CheckoutSession> create_checkout_session(Client& client, CheckoutSessionCreate request,
                                                         std::string idempotency_key) {
    std::string path = "/v1/checkout/sessions";
    Form form = checkout_session_form(request);
    const json::object answer = co_await client.post(std::move(path), form, std::move(idempotency_key));
    co_return parse_checkout_session(answer);
}

asio::awaitable<CheckoutSession> retrieve_checkout_session(Client& client, std::string id) {
    std::string path = object_path("/v1/checkout/sessions", id);
    const json::object answer = co_await client.get(std::move(path));
    co_return parse_checkout_session(answer);
}

}  // namespace bh::stripe
