// Key rotation and the JWKS document auth publishes for the portal.
#include "security/key_ring.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "core/base64url.h"
#include "core/error.h"
#include "security/jwks.h"

namespace bh::security {
namespace {

using namespace std::chrono_literals;

const std::chrono::sys_seconds kNow{std::chrono::seconds(1'750'000'000)};

class KeyRingTest : public ::testing::Test {
  protected:
    ManualClock clock{kNow};

    JwtClaims claims(std::chrono::seconds lifetime) const {
        JwtClaims c;
        c.sub = "user-1";
        c.jti = "jti-1";
        c.iat = std::chrono::floor<std::chrono::seconds>(clock.now());
        c.exp = c.iat + lifetime;
        return c;
    }
    JwtError check(const JwtVerifier& verifier, const std::string& token) const {
        JwtClaims out;
        return verifier.try_verify(token, out);
    }
};

TEST_F(KeyRingTest, OldTokensVerifyDuringTheGracePeriodOnly) {
    KeyRing ring(Ed25519PrivateKey::generate(), "2025-01", clock);
    const std::string old_token = ring.signer().sign(claims(24h));

    ring.rotate(Ed25519PrivateKey::generate(), "2025-02", 2h);
    EXPECT_EQ(ring.signer().kid(), "2025-02");
    const std::string new_token = ring.signer().sign(claims(24h));

    JwtVerifier verifier(ring.verification_keys(), {}, clock);
    EXPECT_EQ(verifier.kids(), (std::vector<std::string>{"2025-02", "2025-01"}));
    EXPECT_EQ(check(verifier, old_token), JwtError::None);
    EXPECT_EQ(check(verifier, new_token), JwtError::None);

    // The verifier itself enforces the old key's end, even before anyone refreshes its key set.
    clock.advance(2h + 1s);
    EXPECT_EQ(check(verifier, old_token), JwtError::KeyExpired);
    EXPECT_EQ(check(verifier, new_token), JwtError::None);

    // And the ring stops publishing it.
    EXPECT_EQ(ring.verification_keys().size(), 1u);
    verifier.replace_keys(ring.verification_keys());
    EXPECT_EQ(check(verifier, old_token), JwtError::UnknownKid);
    ring.prune();
    EXPECT_EQ(ring.verification_keys().size(), 1u);
}

TEST_F(KeyRingTest, RemovingAPreviousKeyRevokesItsTokensAtOnce) {
    KeyRing ring(Ed25519PrivateKey::generate(), "a", clock);
    const std::string old_token = ring.signer().sign(claims(1h));
    ring.rotate(Ed25519PrivateKey::generate(), "b", 1h);

    JwtVerifier verifier(ring.verification_keys(), {}, clock);
    EXPECT_EQ(check(verifier, old_token), JwtError::None);

    ring.remove("a");
    verifier.replace_keys(ring.verification_keys());
    EXPECT_EQ(check(verifier, old_token), JwtError::UnknownKid);
    EXPECT_EQ(check(verifier, ring.signer().sign(claims(1h))), JwtError::None);
}

TEST_F(KeyRingTest, RefusesAReusedKid) {
    KeyRing ring(Ed25519PrivateKey::generate(), "a", clock);
    EXPECT_THROW(ring.rotate(Ed25519PrivateKey::generate(), "a", 1h), AppError);
    ring.rotate(Ed25519PrivateKey::generate(), "b", 1h);
    EXPECT_THROW(ring.rotate(Ed25519PrivateKey::generate(), "a", 1h), AppError);
    EXPECT_THROW(ring.add_previous({"b", Ed25519PrivateKey::generate().public_key(), std::nullopt}),
                 AppError);
}

TEST_F(KeyRingTest, AddPreviousRestoresAKeyAfterARestart) {
    const auto before_restart = Ed25519PrivateKey::generate();
    const std::string token = JwtSigner(before_restart, "old").sign(claims(1h));

    KeyRing ring(Ed25519PrivateKey::generate(), "new", clock);
    ring.add_previous({"old", before_restart.public_key(), clock.now() + 1h});
    JwtVerifier verifier(ring.verification_keys(), {}, clock);
    EXPECT_EQ(check(verifier, token), JwtError::None);
}

// ---- JWKS ----

TEST_F(KeyRingTest, JwksDocumentHasTheRfc8037Shape) {
    const auto key = Ed25519PrivateKey::generate();
    KeyRing ring(key, "k1", clock);
    const boost::json::value document = boost::json::parse(to_jwks_json(ring.verification_keys()));
    const boost::json::value expected = {
        {"keys", boost::json::array{boost::json::object{{"kty", "OKP"},
                                                        {"crv", "Ed25519"},
                                                        {"x", base64url_encode(key.public_key().raw())},
                                                        {"kid", "k1"},
                                                        {"use", "sig"},
                                                        {"alg", "EdDSA"}}}}};
    EXPECT_EQ(document, expected);
    EXPECT_EQ(to_jwks_json(ring.verification_keys()).find("\"d\""),
              std::string::npos);  // never the private key
}

TEST_F(KeyRingTest, JwksRoundTripVerifiesTokensOfEveryPublishedKey) {
    KeyRing ring(Ed25519PrivateKey::generate(), "k1", clock);
    const std::string old_token = ring.signer().sign(claims(1h));
    ring.rotate(Ed25519PrivateKey::generate(), "k2", 1h);
    const std::string new_token = ring.signer().sign(claims(1h));

    // What the portal does with auth's /.well-known/jwks.json.
    const VerificationKeys fetched = parse_jwks(to_jwks_json(ring.verification_keys()));
    ASSERT_EQ(fetched.size(), 2u);
    EXPECT_EQ(fetched[0].kid, "k2");
    EXPECT_EQ(fetched[1].kid, "k1");
    JwtVerifier portal(fetched, {}, clock);
    EXPECT_EQ(check(portal, old_token), JwtError::None);
    EXPECT_EQ(check(portal, new_token), JwtError::None);
}

TEST_F(KeyRingTest, ParsesTheRfc8037PublicKey) {
    const auto keys = parse_jwks(
        R"({"keys":[{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kid":"rfc"}]})");
    ASSERT_EQ(keys.size(), 1u);
    EXPECT_EQ(base64url_encode(keys[0].key.raw()), "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
    EXPECT_EQ(keys[0].key.thumbprint(), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
}

TEST_F(KeyRingTest, JwksSkipsKeysWeDoNotUse) {
    const std::string x = base64url_encode(Ed25519PrivateKey::generate().public_key().raw());
    const auto keys = parse_jwks(R"({"keys":[
        {"kty":"RSA","kid":"rsa","n":"AQAB","e":"AQAB"},
        {"kty":"OKP","crv":"X25519","kid":"x","x":")" +
                                 x + R"("},
        {"kty":"OKP","crv":"Ed25519","kid":"enc","use":"enc","x":")" +
                                 x + R"("},
        {"kty":"OKP","crv":"Ed25519","kid":"hs","alg":"HS256","x":")" +
                                 x + R"("},
        {"kty":"OKP","crv":"Ed25519","kid":"good","x":")" +
                                 x + R"("}]})");
    ASSERT_EQ(keys.size(), 1u);
    EXPECT_EQ(keys[0].kid, "good");
}

TEST_F(KeyRingTest, JwksRefusesMalformedDocuments) {
    const std::string x = base64url_encode(Ed25519PrivateKey::generate().public_key().raw());
    const std::string bad[] = {
        "",
        "[]",
        R"({"keys":{}})",
        R"({"keys":[]})",
        R"({"keys":[1]})",
        R"({"keys":[{"kty":"OKP","crv":"Ed25519","x":")" + x + R"("}]})",                      // no kid
        R"({"keys":[{"kty":"OKP","crv":"Ed25519","kid":"a"}]})",                               // no x
        R"({"keys":[{"kty":"OKP","crv":"Ed25519","kid":"a","x":")" + x + R"(="}]})",           // padded x
        R"({"keys":[{"kty":"OKP","crv":"Ed25519","kid":"a","x":")" + x.substr(4) + R"("}]})",  // short x
        R"({"keys":[{"kty":"OKP","crv":"Ed25519","kid":"a","x":")" + x +
            R"("},{"kty":"OKP","crv":"Ed25519","kid":"a","x":")" + x + R"("}]})",  // duplicate kid
        std::string(std::size_t{70} * 1024, ' '),
    };
    for (const auto& document : bad) EXPECT_THROW(parse_jwks(document), AppError) << document.substr(0, 200);
}

}  // namespace
}  // namespace bh::security
