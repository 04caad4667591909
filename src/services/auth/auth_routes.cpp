#include "services/auth/auth_routes.h"

#include <boost/json/string.hpp>

#include "core/error.h"
#include "http/json_body.h"
#include "http/paging.h"
#include "identity/secured_routes.h"
#include "security/jwks.h"
#include "services/auth/client_address.h"
#include "services/auth/domain/access_rules.h"
#include "services/auth/domain/user_validation.h"
#include "services/auth/sessions/access_tokens.h"
#include "services/auth/users/user_json.h"

namespace bh::auth {

namespace {

namespace asio = boost::asio;
using http::Method;
using http::Request;
using http::Response;
using Ctx = std::shared_ptr<const RouteContext>;

std::chrono::sys_days today(const Clock& clock) {
    return std::chrono::floor<std::chrono::days>(clock.now());
}

// The verified caller plus the session its token belongs to.
Caller caller_of(const RouteContext& ctx, const Request& request, identity::Principal principal) {
    Caller caller;
    caller.principal = std::move(principal);
    const auto token = identity::bearer_token(request.header("authorization"));
    security::JwtClaims claims;
    if (token && ctx.verifier->try_verify(*token, claims) == security::JwtError::None) {
        if (const auto* sid = claims.extra.if_contains(kSessionClaim); sid && sid->is_string())
            caller.session_id = Uuid::parse(sid->as_string());
    }
    return caller;
}

std::string address_of(const RouteContext& ctx, const Request& request) {
    return client_address(request.remote_address, request.header("x-forwarded-for"), ctx.trusted_proxies);
}

void add_session_routes(identity::SecuredRoutes& routes, const Ctx& ctx) {
    routes.add_public(Method::Post, "/api/v1/auth/sign-in",
                      [ctx](Request& request) -> asio::awaitable<Response> {
                          const auto input = parse_sign_in(http::parse_json_object(request.body));
                          auto tokens = co_await ctx->flows->sign_in(input, address_of(*ctx, request));
                          co_return Response::json(200, tokens_json(tokens, true));
                      });
    // The seed sends the refresh token as the bearer; a JSON body {"refreshToken"} works too.
    routes.add_public(
        Method::Post, "/api/v1/auth/refresh-token", [ctx](Request& request) -> asio::awaitable<Response> {
            std::string token;
            if (auto bearer = identity::bearer_token(request.header("authorization"))) {
                token = std::string(*bearer);
            } else if (!request.body.empty()) {
                const auto body = http::parse_json_object(request.body);
                if (const auto* value = body.if_contains("refreshToken"); value && value->is_string())
                    token = std::string(value->as_string());
            }
            if (token.empty() || token.size() > 256) {
                throw AppError(ErrorKind::Unauthorized, errc::kInvalidAuthorizationHeader,
                               "Authorization header missing or invalid");
            }
            auto tokens = co_await ctx->flows->refresh(token);
            co_return Response::json(200, tokens_json(tokens, false));
        });
    routes.add(Method::Post, "/api/v1/auth/sign-out",
               [ctx](Request& request, const identity::Principal& principal) -> asio::awaitable<Response> {
                   const auto caller = caller_of(*ctx, request, principal);
                   co_await ctx->flows->sign_out(caller);
                   co_return Response::no_content();
               });
    routes.add_public(Method::Get, "/.well-known/jwks.json", [ctx](Request&) -> asio::awaitable<Response> {
        Response response =
            Response::text(200, security::to_jwks_json(ctx->keys->verification_keys()), "application/json");
        response.with_header("Cache-Control", "public, max-age=60");
        co_return response;
    });
}

void add_account_routes(identity::SecuredRoutes& routes, const Ctx& ctx) {
    const std::string base = "/api/v1/user-credentials";
    routes.add_public(Method::Post, base + "/register", [ctx](Request& request) -> asio::awaitable<Response> {
        auto input = parse_registration(http::parse_json_object(request.body), today(*ctx->clock));
        auto tokens = co_await ctx->flows->register_user(std::move(input), address_of(*ctx, request));
        co_return Response::json(200, tokens_json(tokens, false));
    });
    routes.add(
        Method::Put, base + "/update",
        [ctx](Request& request, const identity::Principal& principal) -> asio::awaitable<Response> {
            auto caller = caller_of(*ctx, request, principal);
            auto input = parse_profile_update(http::parse_json_object(request.body), today(*ctx->clock));
            auto user = co_await ctx->flows->update(caller, std::move(input), address_of(*ctx, request));
            co_return Response::json(200, user_json(user));
        });
    routes.add(Method::Delete, base + "/delete",
               [ctx](Request& request, const identity::Principal& principal) -> asio::awaitable<Response> {
                   auto caller = caller_of(*ctx, request, principal);
                   const auto input = parse_delete(http::parse_json_object(request.body));
                   co_await ctx->flows->remove(caller, input, address_of(*ctx, request));
                   co_return Response::no_content();
               });
    routes.add_public(Method::Post, base + "/recover-password",
                      [ctx](Request& request) -> asio::awaitable<Response> {
                          const auto email = request.query_param("email");
                          if (!email || !is_valid_email(*email)) {
                              throw bad_request("Invalid request: email Invalid email format")
                                  .with_fields({{"email", "Invalid email format"}});
                          }
                          co_await ctx->flows->recover_password(*email, address_of(*ctx, request));
                          co_return Response::no_content();
                      });
    routes.add_public(Method::Post, base + "/reset-password",
                      [ctx](Request& request) -> asio::awaitable<Response> {
                          const auto input = parse_reset_password(http::parse_json_object(request.body));
                          co_await ctx->flows->reset_password(input);
                          co_return Response::no_content();
                      });
    // "LOGGED_IN" while the bearer's session lives; a revoked or expired token answers "LOGGED_OUT".
    routes.add_service_only(
        Method::Get, base + "/status", [ctx](Request& request) -> asio::awaitable<Response> {
            bool logged_in = false;
            try {
                auto principal = co_await ctx->authenticator->authenticate(request);
                const auto caller = caller_of(*ctx, request, std::move(principal));
                logged_in = co_await ctx->flows->is_logged_in(caller, request.query_param("nif"));
            } catch (const AppError& error) {
                if (error.kind() != ErrorKind::Unauthorized || error.code() != errc::kInvalidToken) throw;
            }
            co_return Response::json(200, boost::json::string(logged_in ? "LOGGED_IN" : "LOGGED_OUT"));
        });
    routes.add(Method::Get, base + "/get-user-by-id",
               [ctx](Request& request, const identity::Principal& principal) -> asio::awaitable<Response> {
                   auto caller = caller_of(*ctx, request, principal);
                   const auto id_text = request.query_param("id");
                   const auto id = parse_user_id(id_text ? &*id_text : nullptr, "id");
                   const auto user = co_await ctx->flows->get_user(caller, id);
                   co_return Response::json(200, user_json(user));
               });
}

void add_admin_routes(identity::SecuredRoutes& routes, const Ctx& ctx) {
    const std::string base = "/api/v1/user-credentials";
    routes.add(Method::Get, base + "/all",
               [ctx](Request& request, const identity::Principal&) -> asio::awaitable<Response> {
                   const auto page = http::parse_page_request(request, users::listing().rules());
                   const auto found = co_await ctx->flows->list_users(page);
                   co_return Response::json(200, http::page_body(page, found, user_json));
               });
    auto role_change = [ctx](bool grant) {
        return [ctx, grant](Request& request,
                            const identity::Principal& principal) -> asio::awaitable<Response> {
            auto caller = caller_of(*ctx, request, principal);
            const std::string id_text(request.path_param("id"));
            const auto id = parse_user_id(&id_text, "id");
            const auto role = parse_role(request.path_param("role"));
            User user;
            if (grant) {
                user = co_await ctx->flows->grant_role(caller, id, role);
            } else {
                user = co_await ctx->flows->revoke_role(caller, id, role);
            }
            co_return Response::json(200, user_json(user));
        };
    };
    routes.add(Method::Post, base + "/{id}/roles/{role}", role_change(true));
    routes.add(Method::Delete, base + "/{id}/roles/{role}", role_change(false));
}

}  // namespace

void add_auth_routes(http::Router& router, const std::shared_ptr<const RouteContext>& context) {
    identity::SecuredRoutes routes(router, *context->authenticator);
    add_session_routes(routes, context);
    add_account_routes(routes, context);
    add_admin_routes(routes, context);
}

}  // namespace bh::auth
