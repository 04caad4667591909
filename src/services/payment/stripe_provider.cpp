// PaymentProvider over the Stripe API client: see stripe_provider.h. Stripe's parameter names live
// here and nowhere else.
#include "services/payment/stripe_provider.h"

#include <boost/json/array.hpp>

#include "stripe/client.h"
#include "stripe/form.h"

namespace bh::payment {

namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using std::string;
using stripe::Form;

string text(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    return value != nullptr && value->is_string() ? string(value->as_string()) : string();
}

std::optional<string> optional_text(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    if (value == nullptr) return std::nullopt;
    if (value->is_string()) return string(value->as_string());
    if (value->is_object()) {  // an expanded object: its id
        auto id = text(value->as_object(), "id");
        return id.empty() ? std::nullopt : std::optional(id);
    }
    return std::nullopt;
}

std::int64_t integer(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    if (value == nullptr) return 0;
    if (value->is_int64()) return value->as_int64();
    if (value->is_uint64()) return static_cast<std::int64_t>(value->as_uint64());
    return 0;
}

IntentView intent_of(const json::object& o) {
    IntentView view{text(o, "id"),        text(o, "status"),
                    integer(o, "amount"), integer(o, "amount_received"),
                    text(o, "currency"),  optional_text(o, "latest_charge"),
                    std::nullopt};
    if (const auto* error = o.if_contains("last_payment_error"); error != nullptr && error->is_object()) {
        view.last_error = optional_text(error->as_object(), "message");
    }
    return view;
}

ChargeView charge_of(const json::object& o) {
    return {text(o, "id"),
            text(o, "status"),
            integer(o, "amount"),
            integer(o, "amount_refunded"),
            optional_text(o, "receipt_url"),
            optional_text(o, "payment_intent")};
}

std::vector<string> split(const string& list) {
    std::vector<string> out;
    string current;
    for (const char c : list + ",") {
        if (c == ',') {
            if (!current.empty()) out.push_back(current);
            current.clear();
        } else if (c != ' ') {
            current.push_back(c);
        }
    }
    return out;
}

class StripeProvider final : public PaymentProvider {
  public:
    StripeProvider(stripe::ClientOptions options, asio::thread_pool& blocking)
        : client_(std::move(options), blocking) {}

    asio::awaitable<string> customer_for(string email, string idempotency_key) override {
        // Customers by e-mail: the list filter works on Stripe and on both doubles (search does not on
        // localstripe).
        const Form query{{"email", email}, {"limit", "1"}};
        const auto found = co_await client_.get("/v1/customers", query);
        if (const auto* data = found.if_contains("data"); data != nullptr && data->is_array()) {
            for (const auto& customer : data->as_array()) {
                if (customer.is_object()) co_return text(customer.as_object(), "id");
            }
        }
        const Form create{{"email", email}};
        const auto created = co_await client_.post("/v1/customers", create, std::move(idempotency_key));
        co_return text(created, "id");
    }

    asio::awaitable<IntentView> create_intent(NewIntent intent, string idempotency_key) override {
        Form form{{"amount", std::to_string(intent.amount)},
                  {"currency", intent.currency},
                  {"customer", intent.customer},
                  {"receipt_email", intent.receipt_email},
                  {"description", intent.description}};
        if (intent.payment_method) form.emplace_back("payment_method", *intent.payment_method);
        stripe::add_metadata(form, "metadata", intent.metadata);
        const auto created = co_await client_.post("/v1/payment_intents", form, std::move(idempotency_key));
        co_return intent_of(created);
    }

    asio::awaitable<IntentView> retrieve_intent(string id) override {
        const auto found = co_await client_.get("/v1/payment_intents/" + stripe::percent_encode(id));
        co_return intent_of(found);
    }

    asio::awaitable<IntentView> confirm_intent(string id, std::optional<string> payment_method,
                                               string return_url, string idempotency_key) override {
        Form form{{"return_url", return_url}};
        if (payment_method) form.emplace_back("payment_method", *payment_method);
        const auto confirmed =
            co_await client_.post("/v1/payment_intents/" + stripe::percent_encode(id) + "/confirm", form,
                                  std::move(idempotency_key));
        co_return intent_of(confirmed);
    }

    asio::awaitable<IntentView> cancel_intent(string id, string idempotency_key) override {
        const auto canceled =
            co_await client_.post("/v1/payment_intents/" + stripe::percent_encode(id) + "/cancel", Form{},
                                  std::move(idempotency_key));
        co_return intent_of(canceled);
    }

    asio::awaitable<ChargeView> retrieve_charge(string id) override {
        const auto found = co_await client_.get("/v1/charges/" + stripe::percent_encode(id));
        co_return charge_of(found);
    }

    asio::awaitable<RefundView> create_refund(string intent_id, std::optional<std::int64_t> amount,
                                              string idempotency_key) override {
        Form form{{"payment_intent", intent_id}};
        if (amount) form.emplace_back("amount", std::to_string(*amount));
        const auto refund = co_await client_.post("/v1/refunds", form, std::move(idempotency_key));
        co_return RefundView{text(refund, "id"), text(refund, "status"), integer(refund, "amount")};
    }

    asio::awaitable<SessionView> create_session(NewSession session, string idempotency_key) override {
        Form form{{"mode", "payment"},
                  {"success_url", session.success_url},
                  {"cancel_url", session.cancel_url},
                  {"customer", session.customer},
                  {"payment_intent_data[receipt_email]", session.receipt_email},
                  {"payment_intent_data[description]", session.description}};
        const auto types = split(session.payment_method_types);
        for (std::size_t i = 0; i < types.size(); ++i) {
            form.emplace_back("payment_method_types[" + std::to_string(i) + "]", types[i]);
        }
        for (std::size_t i = 0; i < session.lines.size(); ++i) {
            const auto line = "line_items[" + std::to_string(i) + "]";
            form.emplace_back(line + "[quantity]", "1");
            form.emplace_back(line + "[price_data][currency]", session.currency);
            form.emplace_back(line + "[price_data][unit_amount]",
                              std::to_string(session.lines[i].unit_amount));
            form.emplace_back(line + "[price_data][product_data][name]", session.lines[i].name);
        }
        stripe::add_metadata(form, "metadata", session.metadata);
        stripe::add_metadata(form, "payment_intent_data[metadata]", session.metadata);
        const auto created = co_await client_.post("/v1/checkout/sessions", form, std::move(idempotency_key));
        co_return SessionView{text(created, "id"), optional_text(created, "url"), text(created, "status"),
                              optional_text(created, "payment_intent")};
    }

    asio::awaitable<SessionView> expire_session(string id, string idempotency_key) override {
        const auto expired =
            co_await client_.post("/v1/checkout/sessions/" + stripe::percent_encode(id) + "/expire", Form{},
                                  std::move(idempotency_key));
        co_return SessionView{text(expired, "id"), optional_text(expired, "url"), text(expired, "status"),
                              optional_text(expired, "payment_intent")};
    }

    asio::awaitable<CardTokenView> create_card_token(CardDetails card, string idempotency_key) override {
        const Form form{{"card[number]", card.number},
                        {"card[exp_month]", std::to_string(card.exp_month)},
                        {"card[exp_year]", std::to_string(card.exp_year)},
                        {"card[cvc]", card.cvc}};
        const auto token = co_await client_.post("/v1/tokens", form, std::move(idempotency_key));
        CardTokenView view{text(token, "id"), {}, {}};
        if (const auto* details = token.if_contains("card"); details != nullptr && details->is_object()) {
            view.brand = text(details->as_object(), "brand");
            view.last4 = text(details->as_object(), "last4");
        }
        co_return view;
    }

    asio::awaitable<string> create_sepa_method(SepaDetails sepa, string idempotency_key) override {
        Form form{{"type", "sepa_debit"},
                  {"sepa_debit[iban]", sepa.iban},
                  {"billing_details[name]", sepa.holder_name}};
        if (!sepa.email.empty()) form.emplace_back("billing_details[email]", sepa.email);
        form.emplace_back("metadata[account_holder_type]", sepa.holder_type);
        const auto method = co_await client_.post("/v1/payment_methods", form, std::move(idempotency_key));
        co_return text(method, "id");
    }

  private:
    stripe::Client client_;
};

}  // namespace

std::unique_ptr<PaymentProvider> make_stripe_provider(runtime::Runtime& runtime,
                                                      const StripeSettings& settings) {
    if (settings.secret_key.empty()) return nullptr;
    stripe::ClientOptions options{settings.api_base, settings.secret_key,   settings.api_version,
                                  settings.timeout,  settings.max_attempts, settings.retry_base_delay};
    return std::make_unique<StripeProvider>(std::move(options), runtime.blocking_pool());
}

}  // namespace bh::payment
