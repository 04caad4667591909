// PaymentProvider over the Stripe client library (src/stripe/api.h): our words into Stripe's calls.
// What we send: no receipt_email (the receipts are ours, one mail per charge and per refund, not
// Stripe's too) and the description as metadata (localstripe refuses both on an intent); return_url
// only when payment.return_url is set (localstripe refuses it on confirm).
#include "services/payment/stripe_provider.h"

#include "stripe/api.h"
#include "stripe/client.h"

namespace bh::payment {

namespace {

namespace asio = boost::asio;
using std::string;

std::optional<string> non_empty(const string& text) {
    return text.empty() ? std::nullopt : std::optional<string>(text);
}

IntentView view_of(const stripe::PaymentIntent& intent) {
    return IntentView{intent.id,
                      intent.status,
                      intent.amount,
                      intent.amount_received,
                      intent.currency,
                      non_empty(intent.latest_charge),
                      non_empty(intent.last_error_message)};
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
        const auto customer =
            co_await stripe::find_or_create_customer(client_, std::move(email), std::move(idempotency_key));
        co_return customer.id;
    }

    asio::awaitable<IntentView> create_intent(NewIntent intent, string idempotency_key) override {
        stripe::PaymentIntentCreate request;
        request.amount = intent.amount;
        request.currency = intent.currency;
        request.customer = intent.customer;
        request.payment_method = intent.payment_method.value_or("");
        request.metadata = {intent.metadata.begin(), intent.metadata.end()};
        request.metadata["description"] = intent.description.substr(0, 500);  // Stripe's metadata limit
        const auto created =
            co_await stripe::create_payment_intent(client_, std::move(request), std::move(idempotency_key));
        co_return view_of(created);
    }

    asio::awaitable<IntentView> retrieve_intent(string id) override {
        const auto found = co_await stripe::retrieve_payment_intent(client_, std::move(id));
        co_return view_of(found);
    }

    asio::awaitable<IntentView> confirm_intent(string id, std::optional<string> payment_method,
                                               string return_url, string idempotency_key) override {
        stripe::PaymentIntentConfirm request{std::move(return_url), payment_method.value_or("")};
        const auto confirmed = co_await stripe::confirm_payment_intent(
            client_, std::move(id), std::move(request), std::move(idempotency_key));
        co_return view_of(confirmed);
    }

    asio::awaitable<IntentView> cancel_intent(string id, string idempotency_key) override {
        const auto canceled =
            co_await stripe::cancel_payment_intent(client_, std::move(id), std::move(idempotency_key));
        co_return view_of(canceled);
    }

    asio::awaitable<ChargeView> retrieve_charge(string id) override {
        const auto charge = co_await stripe::retrieve_charge(client_, std::move(id));
        co_return ChargeView{charge.id,
                             charge.status,
                             charge.amount,
                             charge.amount_refunded,
                             non_empty(charge.receipt_url),
                             non_empty(charge.payment_intent)};
    }

    asio::awaitable<RefundView> create_refund(string intent_id, std::optional<std::int64_t> amount,
                                              string idempotency_key) override {
        stripe::RefundCreate request{std::move(intent_id), amount, {}};
        const auto refund =
            co_await stripe::create_refund(client_, std::move(request), std::move(idempotency_key));
        co_return RefundView{refund.id, refund.status, refund.amount};
    }

    asio::awaitable<SessionView> create_session(NewSession session, string idempotency_key) override {
        stripe::CheckoutSessionCreate request;
        request.success_url = session.success_url;
        request.cancel_url = session.cancel_url;
        request.customer = session.customer;
        request.payment_method_types = split(session.payment_method_types);
        for (const auto& line : session.lines) {
            request.line_items.push_back({line.name, session.currency, line.unit_amount, {}, 1});
        }
        request.payment_intent_metadata = {session.metadata.begin(), session.metadata.end()};
        request.payment_intent_description = session.description;
        request.metadata = request.payment_intent_metadata;
        const auto created =
            co_await stripe::create_checkout_session(client_, std::move(request), std::move(idempotency_key));
        co_return SessionView{created.id, non_empty(created.url), created.status,
                              non_empty(created.payment_intent)};
    }

    asio::awaitable<SessionView> expire_session(string id, string idempotency_key) override {
        const auto expired =
            co_await client_.post("/v1/checkout/sessions/" + stripe::percent_encode(id) + "/expire",
                                  stripe::Form{}, std::move(idempotency_key));
        const auto session = stripe::parse_checkout_session(expired);
        co_return SessionView{session.id, non_empty(session.url), session.status,
                              non_empty(session.payment_intent)};
    }

    asio::awaitable<CardTokenView> create_card_token(CardDetails card, string idempotency_key) override {
        stripe::CardDetails request{std::move(card.number), static_cast<int>(card.exp_month),
                                    static_cast<int>(card.exp_year), std::move(card.cvc)};
        const auto token =
            co_await stripe::create_card_token(client_, std::move(request), std::move(idempotency_key));
        co_return CardTokenView{token.id, token.brand, token.last4};
    }

    asio::awaitable<string> create_sepa_method(SepaDetails sepa, string idempotency_key) override {
        stripe::SepaDetails request{std::move(sepa.iban), std::move(sepa.holder_name), std::move(sepa.email)};
        const auto method = co_await stripe::create_sepa_payment_method(client_, std::move(request),
                                                                        std::move(idempotency_key));
        co_return method.id;
    }

  private:
    stripe::Client client_;
};

}  // namespace

std::unique_ptr<PaymentProvider> make_stripe_provider(runtime::Runtime& runtime,
                                                      const StripeSettings& settings) {
    if (settings.secret_key.empty()) return nullptr;
    stripe::ClientOptions options;
    options.base_url = settings.api_base;
    options.secret_key = settings.secret_key;
    options.api_version = settings.api_version;
    options.timeout = settings.timeout;
    options.max_attempts = settings.max_attempts;
    options.retry_base_delay = settings.retry_base_delay;
    return std::make_unique<StripeProvider>(std::move(options), runtime.blocking_pool());
}

}  // namespace bh::payment
