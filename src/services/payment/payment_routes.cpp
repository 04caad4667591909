// The payment service's HTTP routes: see payment_routes.h.
#include "services/payment/payment_routes.h"

#include "core/error.h"
#include "http/json_body.h"
#include "http/path_params.h"
#include "identity/roles.h"
#include "services/payment/payment_json.h"
#include "stripe/webhook.h"

namespace bh::payment {

namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

// Staff act on their own payments; managers and admins on everyone's (docs/api.md, Payments).
Caller caller_of(const identity::Principal& principal) {
    const auto id = Uuid::parse(principal.user_id);
    if (!id) throw internal("access token subject is not a UUID");
    return Caller{*id, principal.email,
                  principal.has_any_role({identity::role::kAdmin, identity::role::kManager})};
}

Response ok(json::object body) {
    return Response::json(200, json::value(std::move(body)));
}

// The seed's card-token answer repeats the e-mail it was sent (not used for the token): a string of
// a sane length is repeated, anything else answers null.
json::value echoed_email(const json::object& body) {
    const auto* email = body.if_contains("email");
    if (email == nullptr || !email->is_string() || email->as_string().size() > 254) return nullptr;
    return *email;
}

}  // namespace

void add_payment_routes(identity::SecuredRoutes& routes, RouteContext ctx) {
    routes.add(Method::Post, "/api/v1/payment/create-payment-intent",
               [ctx](Request& req, const identity::Principal& principal) -> asio::awaitable<Response> {
                   auto order = read_intent_order(http::parse_json_object(req.body));
                   order.request_key = read_request_key(req);
                   const auto payment =
                       co_await ctx.flows.create_intent(caller_of(principal), std::move(order));
                   co_return ok(json::object{{"paymentIntentId", payment.stripe_intent_id.value_or("")},
                                             {"correlationId", payment.id.to_string()},
                                             {"payment", payment_json(payment)}});
               });
    routes.add(Method::Post, "/api/v1/payment/confirm",
               [ctx](Request& req, const identity::Principal& principal) -> asio::awaitable<Response> {
                   auto command = read_confirm(http::parse_json_object(req.body));
                   co_await ctx.flows.confirm(caller_of(principal), std::move(command));
                   co_return Response::no_content();
               });
    routes.add(Method::Post, "/api/v1/payment/cancel",
               [ctx](Request& req, const identity::Principal& principal) -> asio::awaitable<Response> {
                   auto intent_id = read_intent_id(http::parse_json_object(req.body));
                   co_await ctx.flows.cancel(caller_of(principal), std::move(intent_id));
                   co_return Response::no_content();
               });
    routes.add(Method::Post, "/api/v1/payment/refund",
               [ctx](Request& req, const identity::Principal& principal) -> asio::awaitable<Response> {
                   auto command = read_refund(http::parse_json_object(req.body));
                   command.request_key = read_request_key(req);
                   co_await ctx.flows.refund(caller_of(principal), std::move(command));
                   co_return Response::no_content();
               });
    routes.add(Method::Post, "/api/v1/payment/create-card-token",
               [ctx](Request& req, const identity::Principal&) -> asio::awaitable<Response> {
                   const auto body = http::parse_json_object(req.body);
                   auto card = read_card(body);
                   const auto exp_month = std::to_string(card.exp_month);
                   const auto exp_year = std::to_string(card.exp_year);
                   const json::value email = echoed_email(body);
                   const auto token = co_await ctx.flows.card_token(std::move(card));
                   // Only the token and what a person may see of a card: never its number or CVC (seed ⚠
                   // #38; docs/api.md, contract deviations).
                   co_return ok(json::object{{"token", token.id},
                                             {"cardBrand", token.brand},
                                             {"last4", token.last4},
                                             {"expMonth", exp_month},
                                             {"expYear", exp_year},
                                             {"email", email},
                                             {"success", true},
                                             {"correlationId", token.id}});
               });
    routes.add(Method::Post, "/api/v1/payment/create-sepa-token",
               [ctx](Request& req, const identity::Principal&) -> asio::awaitable<Response> {
                   auto sepa = read_sepa(http::parse_json_object(req.body));
                   const auto last4 = sepa.iban.substr(sepa.iban.size() - 4);
                   const auto holder = sepa.holder_name;
                   const auto type = sepa.holder_type;
                   const auto method = co_await ctx.flows.sepa_method(std::move(sepa));
                   co_return ok(json::object{{"token", method},
                                             {"accountHolderName", holder},
                                             {"accountHolderType", type},
                                             {"ibanLast4", last4},
                                             {"success", true},
                                             {"correlationId", method}});
               });
    routes.add(Method::Post, "/api/v1/payment/create-payment-session",
               [ctx](Request& req, const identity::Principal& principal) -> asio::awaitable<Response> {
                   auto order = read_session_order(http::parse_json_object(req.body));
                   order.request_key = read_request_key(req);
                   const auto payment =
                       co_await ctx.flows.create_session(caller_of(principal), std::move(order));
                   co_return ok(json::object{{"sessionId", payment.stripe_session_id.value_or("")},
                                             {"sessionUrl", payment.checkout_url.value_or("")},
                                             {"correlationId", payment.id.to_string()},
                                             {"payment", payment_json(payment)}});
               });
    routes.add(Method::Get, "/api/v1/payment/all",
               [ctx](Request& req, const identity::Principal& principal) -> asio::awaitable<Response> {
                   const auto page = http::parse_page_request(req, repository::payment_listing().rules());
                   auto query = read_list_query(req, page);
                   const auto result = co_await ctx.flows.list(caller_of(principal), std::move(query));
                   co_return ok(http::page_body(page, result, payment_json));
               });
    routes.add(Method::Get, "/api/v1/payment/{id}",
               [ctx](Request& req, const identity::Principal& principal) -> asio::awaitable<Response> {
                   const auto details =
                       co_await ctx.flows.get(caller_of(principal), http::path_uuid(req, "id"));
                   co_return ok(details_json(details));
               });
    routes.add_public(
        Method::Post, "/api/v1/webhook/stripe", [ctx](Request& req) -> asio::awaitable<Response> {
            // Public: the signature is the authentication. A bad, missing, stale or replayed one → 400
            // and nothing applied (Stripe shows it in its dashboard; our log says why).
            const auto verified =
                stripe::verify_webhook(req.body, req.header("stripe-signature"), ctx.settings.webhook_secrets,
                                       ctx.clock.now(), ctx.settings.webhook_tolerance);
            StripeEvent event{verified.id, verified.type, verified.data_object};
            auto signature = std::string(req.header("stripe-signature"));
            const auto outcome = co_await ctx.webhooks.apply(std::move(event), std::move(signature));
            co_return ok(json::object{{"received", true}, {"outcome", std::string(to_string(outcome))}});
        });
}

}  // namespace bh::payment
