// The identity path against real servers: keys fetched over HTTP from a JWKS endpoint (served by our
// own http::Server, as auth serves it), a rotated-in key picked up on its first token, and
// revocation read from the real Redis deny-list.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/error.h"
#include "http/metrics.h"
#include "http/server.h"
#include "identity/authenticator.h"
#include "identity/jwks_client.h"
#include "redis/itest_support.h"
#include "security/jwks.h"
#include "security/jwt_signer.h"
#include "support/test_env.h"

namespace bh::identity {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

security::JwtClaims claims(std::string jti) {
    security::JwtClaims c;
    c.sub = "user-1";
    c.email = "ada@example.com";
    c.roles = {"EMPLOYEE"};
    c.jti = std::move(jti);
    c.iat = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    c.exp = c.iat + 15min;
    return c;
}

class IdentityItest : public ::testing::Test {
  protected:
    redis::testing::IoThreads threads;
    http::Metrics metrics;
    security::Ed25519PrivateKey key1 = security::Ed25519PrivateKey::generate();
    security::Ed25519PrivateKey key2 = security::Ed25519PrivateKey::generate();
    std::shared_ptr<std::string> published = std::make_shared<std::string>();
    std::mutex published_mutex;
    std::atomic<int> fetches{0};
    std::unique_ptr<http::Server> server;
    std::unique_ptr<http::Client> client;

    void publish(const security::VerificationKeys& keys) {
        const std::lock_guard lock(published_mutex);
        *published = security::to_jwks_json(keys);
    }

    void SetUp() override {
        publish({{"k1", key1.public_key(), std::nullopt}});
        http::Router router;
        router.add(http::Method::Get, "/.well-known/jwks.json",
                   [this](http::Request&) -> asio::awaitable<http::Response> {
                       ++fetches;
                       const std::lock_guard lock(published_mutex);
                       co_return http::Response::text(200, *published, "application/json");
                   });
        server = std::make_unique<http::Server>(threads.executor(), http::ServerOptions{.access_log = false},
                                                std::move(router), metrics);
        server->start();
        client = std::make_unique<http::Client>(threads.executor());
    }

    void TearDown() override {
        threads.run([this]() -> asio::awaitable<void> { co_await server->stop(1s); }());
    }

    JwksClientOptions options(std::chrono::milliseconds min_refresh = 0ms) const {
        return {.url = "http://127.0.0.1:" + std::to_string(server->port()) + "/.well-known/jwks.json",
                .refresh = 1h,
                .min_refresh = min_refresh,
                .timeout = 2s};
    }
};

TEST_F(IdentityItest, KeysAreFetchedAndARotatedKeyIsPickedUpOnItsFirstToken) {
    auto verifier = std::make_shared<security::JwtVerifier>(security::VerificationKeys{});
    JwksClient jwks(threads.executor(), *client, options(), verifier);
    threads.run(jwks.refresh());
    EXPECT_TRUE(jwks.has_keys());
    Authenticator authenticator(verifier, std::nullopt, [&jwks] { return jwks.refresh_for_unknown_kid(); });

    const auto first = security::JwtSigner(key1, "k1").sign(claims("a"));
    EXPECT_EQ(threads.run(authenticator.authenticate_token(first)).user_id, "user-1");

    publish({{"k2", key2.public_key(), std::nullopt}, {"k1", key1.public_key(), std::nullopt}});
    const auto rotated = security::JwtSigner(key2, "k2").sign(claims("b"));
    const int before = fetches;
    EXPECT_EQ(threads.run(authenticator.authenticate_token(rotated)).jti, "b");
    EXPECT_EQ(fetches, before + 1);
}

TEST_F(IdentityItest, UnknownKidFloodsCauseAtMostOneFetchPerInterval) {
    auto verifier = std::make_shared<security::JwtVerifier>(security::VerificationKeys{});
    JwksClient jwks(threads.executor(), *client, options(10min), verifier);
    threads.run(jwks.refresh());
    Authenticator authenticator(verifier, std::nullopt, [&jwks] { return jwks.refresh_for_unknown_kid(); });
    const auto forged =
        security::JwtSigner(security::Ed25519PrivateKey::generate(), "evil").sign(claims("x"));
    const int before = fetches;
    for (int i = 0; i < 20; ++i) {
        EXPECT_THROW(threads.run(authenticator.authenticate_token(forged)), AppError);
    }
    EXPECT_LE(fetches - before, 1);
}

TEST_F(IdentityItest, ARevokedTokenIsRefusedByEveryAuthenticatorSharingRedis) {
    redis::Client redis_client(threads.executor(), redis::testing::options_from_env());
    const auto list_name = bh::testing::unique_name("access");
    redis::DenyList deny_list(redis_client, list_name);
    threads.run(deny_list.complete_rebuild(threads.run(deny_list.begin_rebuild())));  // a whole list
    auto verifier = std::make_shared<security::JwtVerifier>(
        security::VerificationKeys{{"k1", key1.public_key(), std::nullopt}});
    Authenticator first(verifier, deny_list);
    Authenticator second(verifier, redis::DenyList(redis_client, list_name));
    const auto jti = bh::testing::unique_name("jti");
    const auto token = security::JwtSigner(key1, "k1").sign(claims(jti));
    EXPECT_EQ(threads.run(first.authenticate_token(token)).jti, jti);

    threads.run(deny_list.add(jti, std::chrono::system_clock::now() + 1min));
    try {
        threads.run(second.authenticate_token(token));
        FAIL() << "a revoked token was accepted";
    } catch (const AppError& e) {
        EXPECT_EQ(e.code(), errc::kInvalidToken);
        EXPECT_EQ(e.kind(), ErrorKind::Unauthorized);
    }
}

TEST_F(IdentityItest, ACachedAuthenticatorSeesARevocationOnlyAfterItsInterval) {
    redis::Client redis_client(threads.executor(), redis::testing::options_from_env());
    const auto list_name = bh::testing::unique_name("access");
    redis::DenyList deny_list(redis_client, list_name);
    threads.run(deny_list.complete_rebuild(threads.run(deny_list.begin_rebuild())));  // a whole list
    auto verifier = std::make_shared<security::JwtVerifier>(
        security::VerificationKeys{{"k1", key1.public_key(), std::nullopt}});
    constexpr auto kInterval = 2s;
    Authenticator cached(verifier, redis::DenyList(redis_client, list_name), {}, kInterval);  // the portal
    Authenticator fresh(verifier, redis::DenyList(redis_client, list_name));                  // a service
    const auto jti = bh::testing::unique_name("jti");
    const auto token = security::JwtSigner(key1, "k1").sign(claims(jti));
    const auto cleared_at = std::chrono::steady_clock::now();
    EXPECT_EQ(threads.run(cached.authenticate_token(token)).jti, jti);  // not revoked: remembered

    threads.run(deny_list.add(jti, std::chrono::system_clock::now() + 1min));
    EXPECT_THROW(threads.run(fresh.authenticate_token(token)), AppError);  // the service: at once
    // The cache is used: within its interval the cached authenticator does not ask again.
    if (std::chrono::steady_clock::now() - cleared_at < kInterval / 2) {
        EXPECT_EQ(threads.run(cached.authenticate_token(token)).jti, jti);
    }
    // And it asks again once the interval is over.
    bool refused = false;
    while (!refused) {
        const auto asked_at = std::chrono::steady_clock::now();
        try {
            threads.run(cached.authenticate_token(token));
            // (The answer may have been cleared just before cleared_at + interval: some slack.)
            if (asked_at - cleared_at > kInterval + 500ms) {
                FAIL() << "a revoked token was still accepted after the cache interval";
            }
            std::this_thread::sleep_for(50ms);
        } catch (const AppError& e) {
            EXPECT_EQ(e.code(), errc::kInvalidToken);
            EXPECT_GE(asked_at - cleared_at, kInterval - 100ms) << "refused early: the cache was not used";
            refused = true;
        }
    }
    // Once refused, always refused: "revoked" is never remembered as anything else.
    EXPECT_THROW(threads.run(cached.authenticate_token(token)), AppError);
}

TEST_F(IdentityItest, AnUnreachableDenyListFailsClosed) {
    auto options = redis::testing::options_from_env();
    options.port = 1;  // nothing listens there
    options.timeout = 300ms;
    redis::Client unreachable(threads.executor(), options);
    auto verifier = std::make_shared<security::JwtVerifier>(
        security::VerificationKeys{{"k1", key1.public_key(), std::nullopt}});
    Authenticator authenticator(verifier, redis::DenyList(unreachable, "access"));
    const auto token = security::JwtSigner(key1, "k1").sign(claims("y"));
    try {
        threads.run(authenticator.authenticate_token(token));
        FAIL() << "accepted without checking revocation";
    } catch (const AppError& e) {
        EXPECT_TRUE(e.kind() == ErrorKind::Unavailable || e.kind() == ErrorKind::Timeout) << e.code();
    }
}

}  // namespace
}  // namespace bh::identity
