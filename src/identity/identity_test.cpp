// Bearer parsing, role checks, SecuredRoutes, and the Authenticator's verify / unknown-kid refresh path (the
// deny-list path needs Redis: identity_itest.cpp).
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "core/error.h"
#include "identity/authenticator.h"
#include "identity/revocation_cache.h"
#include "identity/roles.h"
#include "identity/secured_routes.h"
#include "security/jwt_signer.h"

namespace bh::identity {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

security::JwtClaims claims_for(std::string sub) {
    security::JwtClaims c;
    c.sub = std::move(sub);
    c.email = "ada@example.com";
    c.roles = {"MANAGER"};
    c.jti = "jti-1";
    c.iat = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    c.exp = c.iat + 15min;
    return c;
}

template <class T>
T run(asio::awaitable<T> work) {
    asio::io_context io;
    auto future = asio::co_spawn(io, std::move(work), asio::use_future);
    io.run();
    return future.get();
}

http::Request with_authorization(std::string value) {
    http::Request request;
    request.headers.emplace_back("authorization", std::move(value));
    return request;
}

std::string code_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const AppError& e) {
        return e.code();
    }
    return "no error";
}

TEST(BearerToken, AcceptsTheSchemeInAnyCaseAndTrimsSpaces) {
    EXPECT_EQ(bearer_token("Bearer abc"), "abc");
    EXPECT_EQ(bearer_token("bearer  abc "), "abc");
    EXPECT_EQ(bearer_token("BEARER x.y.z"), "x.y.z");
}

TEST(BearerToken, RefusesOtherSchemesAndEmptyTokens) {
    EXPECT_FALSE(bearer_token(""));
    EXPECT_FALSE(bearer_token("Bearer"));
    EXPECT_FALSE(bearer_token("Bearer "));
    EXPECT_FALSE(bearer_token("Bearer    "));
    EXPECT_FALSE(bearer_token("Basic abc"));
    EXPECT_FALSE(bearer_token("Bearerabc"));
}

TEST(Roles, KnownRolesOnly) {
    EXPECT_TRUE(role::is_known("ADMIN"));
    EXPECT_TRUE(role::is_known("HR"));
    EXPECT_FALSE(role::is_known("admin"));
    EXPECT_FALSE(role::is_known("ROOT"));
}

TEST(RequireAnyRole, PassesWithOneOfTheRolesAndRefusesOtherwise) {
    Principal manager{.user_id = "u", .roles = {"MANAGER"}};
    EXPECT_NO_THROW(require_any_role(manager, {role::kAdmin, role::kManager}));
    EXPECT_EQ(code_of([&] { require_any_role(manager, {role::kAdmin}); }), errc::kRoleAccessDenied);
    Principal nobody{.user_id = "n"};
    EXPECT_EQ(code_of([&] { require_any_role(nobody, {role::kEmployee}); }), errc::kRoleAccessDenied);
}

class AuthenticatorTest : public ::testing::Test {
  protected:
    security::Ed25519PrivateKey key = security::Ed25519PrivateKey::generate();
    security::JwtSigner signer{key, "k1"};
    std::shared_ptr<security::JwtVerifier> verifier = std::make_shared<security::JwtVerifier>(
        security::VerificationKeys{{"k1", key.public_key(), std::nullopt}});
};

TEST_F(AuthenticatorTest, AValidTokenBecomesThePrincipal) {
    Authenticator authenticator(verifier, std::nullopt);
    const auto principal =
        run(authenticator.authenticate(with_authorization("Bearer " + signer.sign(claims_for("user-1")))));
    EXPECT_EQ(principal.user_id, "user-1");
    EXPECT_EQ(principal.email, "ada@example.com");
    EXPECT_EQ(principal.roles, std::vector<std::string>{"MANAGER"});
    EXPECT_EQ(principal.jti, "jti-1");
}

TEST_F(AuthenticatorTest, MissingOrMalformedHeaderIsInvalidAuthorizationHeader) {
    Authenticator authenticator(verifier, std::nullopt);
    EXPECT_EQ(code_of([&] { run(authenticator.authenticate(http::Request{})); }),
              errc::kInvalidAuthorizationHeader);
    EXPECT_EQ(code_of([&] { run(authenticator.authenticate(with_authorization("Token abc"))); }),
              errc::kInvalidAuthorizationHeader);
}

TEST_F(AuthenticatorTest, ForgedOrGarbageTokensAreInvalidToken) {
    Authenticator authenticator(verifier, std::nullopt);
    auto token = signer.sign(claims_for("user-1"));
    token.back() = token.back() == 'A' ? 'B' : 'A';
    EXPECT_EQ(code_of([&] { run(authenticator.authenticate(with_authorization("Bearer " + token))); }),
              errc::kInvalidToken);
    EXPECT_EQ(code_of([&] { run(authenticator.authenticate(with_authorization("Bearer a.b.c"))); }),
              errc::kInvalidToken);
}

TEST_F(AuthenticatorTest, AnUnknownKidRefreshesTheKeysOnceAndRetries) {
    const auto rotated = security::Ed25519PrivateKey::generate();
    const security::JwtSigner next_signer{rotated, "k2"};
    int refreshes = 0;
    Authenticator authenticator(verifier, std::nullopt, [&]() -> asio::awaitable<bool> {
        ++refreshes;
        verifier->replace_keys({{"k2", rotated.public_key(), std::nullopt}});
        co_return true;
    });
    const auto principal = run(
        authenticator.authenticate(with_authorization("Bearer " + next_signer.sign(claims_for("user-2")))));
    EXPECT_EQ(principal.user_id, "user-2");
    EXPECT_EQ(refreshes, 1);
}

TEST_F(AuthenticatorTest, AnUnknownKidStaysInvalidWhenTheRefreshBringsNothing) {
    const security::JwtSigner stranger{security::Ed25519PrivateKey::generate(), "k9"};
    int refreshes = 0;
    Authenticator authenticator(verifier, std::nullopt, [&]() -> asio::awaitable<bool> {
        ++refreshes;
        co_return false;
    });
    EXPECT_EQ(
        code_of([&] {
            run(authenticator.authenticate(with_authorization("Bearer " + stranger.sign(claims_for("x")))));
        }),
        errc::kInvalidToken);
    EXPECT_EQ(refreshes, 1);
}

TEST(RevocationCache, RemembersAClearedTokenForItsIntervalOnly) {
    RevocationCache cache(250ms, 16);
    const auto t0 = RevocationCache::Clock::now();
    EXPECT_FALSE(cache.recently_cleared("a", t0));
    cache.cleared("a", t0);
    EXPECT_TRUE(cache.recently_cleared("a", t0 + 249ms));
    EXPECT_FALSE(cache.recently_cleared("a", t0 + 250ms));
    EXPECT_FALSE(cache.recently_cleared("b", t0));
    cache.cleared("a", t0 + 300ms);  // asked again: a new interval
    EXPECT_TRUE(cache.recently_cleared("a", t0 + 500ms));
}

TEST(RevocationCache, StaysWithinItsCapacity) {
    RevocationCache cache(250ms, 4);
    const auto t0 = RevocationCache::Clock::now();
    for (int i = 0; i < 4; ++i) cache.cleared("old" + std::to_string(i), t0);
    cache.cleared("new", t0 + 1s);  // the expired ones make room
    EXPECT_EQ(cache.size(), 1u);
    for (int i = 0; i < 100; ++i) cache.cleared("burst" + std::to_string(i), t0 + 1s);
    EXPECT_LE(cache.size(), 4u);
    EXPECT_TRUE(cache.recently_cleared("burst99", t0 + 1s));
}

// Routes take their permission from the access policy; the handler runs only for a caller it admits.
class SecuredRoutesTest : public AuthenticatorTest {
  protected:
    std::string bearer(std::vector<std::string> roles) {
        auto claims = claims_for("user-7");
        claims.roles = std::move(roles);
        return "Bearer " + signer.sign(claims);
    }
    // The code of the error the route answers with, or "ran as <user>" when its handler ran.
    std::string call(http::Method method, std::string_view path, std::string authorization) {
        const auto match = router.match(method, path);
        if (match.handler == nullptr) return "no route";
        auto request = authorization.empty() ? http::Request{} : with_authorization(std::move(authorization));
        return code_of([&] { run((*match.handler)(request)); });
    }
    http::Router router;
    Authenticator authenticator{verifier, std::nullopt};
    SecuredRoutes routes{router, authenticator};
    std::string ran_as;
    SecuredHandler handler = [this](http::Request&,
                                    const Principal& caller) -> asio::awaitable<http::Response> {
        ran_as = caller.user_id;
        co_return http::Response::no_content();
    };
};

TEST_F(SecuredRoutesTest, TheTableDecidesWhoReachesTheHandler) {
    routes.add(http::Method::Get, "/api/v1/budget/type/all", handler);             // ADMIN, MANAGER
    routes.add(http::Method::Delete, "/api/v1/budget/type/delete/{id}", handler);  // ADMIN
    EXPECT_EQ(call(http::Method::Get, "/api/v1/budget/type/all", ""), errc::kInvalidAuthorizationHeader);
    EXPECT_EQ(call(http::Method::Get, "/api/v1/budget/type/all", bearer({"EMPLOYEE"})),
              errc::kRoleAccessDenied);
    EXPECT_TRUE(ran_as.empty());
    EXPECT_EQ(call(http::Method::Get, "/api/v1/budget/type/all", bearer({"MANAGER"})), "no error");
    EXPECT_EQ(ran_as, "user-7");
    ran_as.clear();
    EXPECT_EQ(call(http::Method::Delete, "/api/v1/budget/type/delete/1", bearer({"MANAGER"})),
              errc::kRoleAccessDenied);
    EXPECT_TRUE(ran_as.empty());
    EXPECT_EQ(call(http::Method::Delete, "/api/v1/budget/type/delete/1", bearer({"ADMIN"})), "no error");
}

TEST_F(SecuredRoutesTest, InternalRoutesAdmitAdminOnly) {
    routes.add_internal(http::Method::Put, "/api/v1/movement/status/update", handler);
    EXPECT_EQ(call(http::Method::Put, "/api/v1/movement/status/update", bearer({"MANAGER"})),
              errc::kRoleAccessDenied);
    EXPECT_EQ(call(http::Method::Put, "/api/v1/movement/status/update", bearer({"ADMIN"})), "no error");
}

TEST_F(SecuredRoutesTest, ARouteOutsideTheTableOrOfTheWrongKindIsAProgrammingError) {
    EXPECT_THROW(routes.add(http::Method::Get, "/api/v1/budget/nothing", handler), std::logic_error);
    EXPECT_THROW(routes.add(http::Method::Post, "/api/v1/auth/sign-in", handler), std::logic_error);
    EXPECT_THROW(routes.add_public(http::Method::Get, "/api/v1/budget/type/all", {}), std::logic_error);
    EXPECT_THROW(routes.add_internal(http::Method::Get, "/api/v1/budget/type/all", handler),
                 std::logic_error);
    EXPECT_NO_THROW(routes.add_public(
        http::Method::Post, "/api/v1/auth/sign-in",
        [](http::Request&) -> asio::awaitable<http::Response> { co_return http::Response::no_content(); }));
}

}  // namespace
}  // namespace bh::identity
