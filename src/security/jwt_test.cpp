// Sign/verify round trip and every way a token must be refused. Forged tokens are built by hand
// from their JSON so each test states exactly what an attacker sends.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <random>

#include "core/base64url.h"
#include "core/clock.h"
#include "core/error.h"
#include "security/digest.h"
#include "security/jwt_signer.h"
#include "security/jwt_verifier.h"

namespace bh::security {
namespace {

using namespace std::chrono_literals;
using std::chrono::sys_seconds;

const sys_seconds kNow{std::chrono::seconds(1'750'000'000)};

class JwtTest : public ::testing::Test {
  protected:
    ManualClock clock{kNow};
    Ed25519PrivateKey key = Ed25519PrivateKey::generate();
    JwtSigner signer{key, "k1"};
    JwtVerifier verifier{{{"k1", key.public_key(), std::nullopt}}, {}, clock};

    JwtClaims claims() const {
        JwtClaims c;
        c.sub = "0190f5a4-7c1e-7aaa-8bbb-123456789abc";
        c.email = "ada@example.com";
        c.roles = {"ADMIN", "HR"};
        c.jti = "0190f5a4-7c1e-7aaa-8bbb-000000000001";
        c.iat = kNow;
        c.exp = kNow + 15min;
        return c;
    }

    std::string payload_json() const { return boost::json::serialize(claims_to_json(claims())); }

    // header.payload.signature from raw JSON texts, EdDSA-signed with `with` (nullptr: no signature).
    static std::string forge(std::string_view header, std::string_view payload,
                             const Ed25519PrivateKey* with) {
        std::string input = base64url_encode(header) + "." + base64url_encode(payload);
        std::string signature = with != nullptr ? base64url_encode(with->sign(input)) : "";
        return input + "." + signature;
    }
    std::string forge(std::string_view header, std::string_view payload) const {
        return forge(header, payload, &key);
    }

    JwtError check(std::string_view token) const {
        JwtClaims out;
        return verifier.try_verify(token, out);
    }
};

// ---- accepted ----

TEST_F(JwtTest, RoundTripKeepsEveryClaim) {
    JwtClaims in = claims();
    in.nbf = kNow - 1s;
    in.iss = "budgethub-auth";
    in.aud = {"budgethub-portal"};
    in.extra["tenant"] = "acme";
    in.extra["level"] = 3;
    const std::string token = signer.sign(in);

    const JwtClaims out = verifier.verify(token);
    EXPECT_EQ(out.sub, in.sub);
    EXPECT_EQ(out.email, in.email);
    EXPECT_EQ(out.roles, in.roles);
    EXPECT_EQ(out.jti, in.jti);
    EXPECT_EQ(out.iat, in.iat);
    EXPECT_EQ(out.exp, in.exp);
    EXPECT_EQ(out.nbf, in.nbf);
    EXPECT_EQ(out.iss, in.iss);
    EXPECT_EQ(out.aud, in.aud);
    EXPECT_EQ(out.extra, in.extra);
    EXPECT_TRUE(out.has_role("HR"));
    EXPECT_FALSE(out.has_role("MANAGER"));
}

TEST_F(JwtTest, HeaderIsEdDsaJwtWithKid) {
    const std::string token = signer.sign(claims());
    const auto header = base64url_decode(token.substr(0, token.find('.')));
    ASSERT_TRUE(header);
    EXPECT_EQ(boost::json::parse(*header), boost::json::parse(R"({"alg":"EdDSA","typ":"JWT","kid":"k1"})"));
}

TEST_F(JwtTest, TypIsOptional) {
    EXPECT_EQ(check(forge(R"({"alg":"EdDSA","kid":"k1"})", payload_json())), JwtError::None);
}

TEST_F(JwtTest, SigningRefusesTokensWithoutRequiredClaims) {
    JwtClaims c = claims();
    c.jti.clear();
    EXPECT_THROW(signer.sign(c), AppError);
    c = claims();
    c.extra["exp"] = 1;
    EXPECT_THROW(signer.sign(c), AppError);
}

TEST_F(JwtTest, VerifyThrowsUnauthorizedInvalidToken) {
    try {
        verifier.verify("a.b.c");
        FAIL() << "accepted a forged token";
    } catch (const AppError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Unauthorized);
        EXPECT_EQ(e.code(), errc::kInvalidToken);
        EXPECT_EQ(e.detail(), "JWT rejected: invalid base64url");  // the reason stays in the log
        EXPECT_EQ(e.public_message().find("base64"), std::string::npos);
    }
}

// ---- algorithm confusion ----

TEST_F(JwtTest, RejectsAlgNoneWithEmptySignature) {
    for (const char* alg : {"none", "None", "NONE", "nOnE"}) {
        const std::string header = std::string(R"({"alg":")") + alg + R"(","typ":"JWT","kid":"k1"})";
        EXPECT_EQ(check(forge(header, payload_json(), nullptr)), JwtError::UnsupportedAlg) << alg;
    }
}

TEST_F(JwtTest, RejectsAlgNoneEvenWithAValidEdDsaSignature) {
    EXPECT_EQ(check(forge(R"({"alg":"none","kid":"k1"})", payload_json())), JwtError::UnsupportedAlg);
}

TEST_F(JwtTest, RejectsHs256KeyedWithThePublicKey) {
    // The classic confusion: an HMAC verifier fed our public key as its secret would accept this.
    const Ed25519RawKey raw = key.public_key().raw();
    const std::string pem = key.public_key().to_pem();
    for (const std::string& secret : {std::string(raw.begin(), raw.end()), pem, base64url_encode(raw)}) {
        const std::string input =
            base64url_encode(std::string_view(R"({"alg":"HS256","typ":"JWT","kid":"k1"})")) + "." +
            base64url_encode(payload_json());
        const Sha256Digest mac = hmac_sha256_raw(secret, input);
        EXPECT_EQ(check(input + "." + base64url_encode(mac)), JwtError::UnsupportedAlg);
    }
}

TEST_F(JwtTest, RejectsEveryOtherAlgorithm) {
    for (const char* alg : {"HS256", "HS512", "RS256", "PS256", "ES256", "ES256K", "Ed25519", "eddsa",
                            "EDDSA", "EdDSA ", " EdDSA", ""}) {
        const std::string header = std::string(R"({"alg":")") + alg + R"(","kid":"k1"})";
        EXPECT_EQ(check(forge(header, payload_json())), JwtError::UnsupportedAlg) << alg;
    }
    EXPECT_EQ(check(forge(R"({"kid":"k1"})", payload_json())), JwtError::UnsupportedAlg);
    EXPECT_EQ(check(forge(R"({"alg":null,"kid":"k1"})", payload_json())), JwtError::UnsupportedAlg);
    EXPECT_EQ(check(forge(R"({"alg":["EdDSA"],"kid":"k1"})", payload_json())), JwtError::UnsupportedAlg);
}

TEST_F(JwtTest, RejectsOtherTypesAndCritExtensions) {
    EXPECT_EQ(check(forge(R"({"alg":"EdDSA","typ":"at+jwt","kid":"k1"})", payload_json())),
              JwtError::UnsupportedType);
    EXPECT_EQ(check(forge(R"({"alg":"EdDSA","typ":7,"kid":"k1"})", payload_json())),
              JwtError::UnsupportedType);
    EXPECT_EQ(check(forge(R"({"alg":"EdDSA","kid":"k1","crit":["exp"],"exp":1})", payload_json())),
              JwtError::UnsupportedCrit);
}

// ---- keys ----

TEST_F(JwtTest, RejectsUnknownOrMissingKid) {
    EXPECT_EQ(check(forge(R"({"alg":"EdDSA","kid":"k2"})", payload_json())), JwtError::UnknownKid);
    EXPECT_EQ(check(forge(R"({"alg":"EdDSA"})", payload_json())), JwtError::UnknownKid);
    EXPECT_EQ(check(forge(R"({"alg":"EdDSA","kid":1})", payload_json())), JwtError::UnknownKid);
}

TEST_F(JwtTest, RejectsASignatureByAnotherKey) {
    const auto other = Ed25519PrivateKey::generate();
    EXPECT_EQ(check(JwtSigner(other, "k1").sign(claims())), JwtError::BadSignature);
}

TEST_F(JwtTest, IgnoresKeysEmbeddedInTheHeader) {
    // jwk/jku/x5u never select a key: only our configured set does.
    const auto attacker = Ed25519PrivateKey::generate();
    const std::string header = R"({"alg":"EdDSA","kid":"k1","jwk":{"kty":"OKP","crv":"Ed25519","x":")" +
                               base64url_encode(attacker.public_key().raw()) + R"("},"jku":"http://evil/"})";
    EXPECT_EQ(check(forge(header, payload_json(), &attacker)), JwtError::BadSignature);
}

// ---- tampering and encoding ----

TEST_F(JwtTest, RejectsATamperedPayload) {
    const std::string token = signer.sign(claims());
    const std::size_t dot1 = token.find('.'), dot2 = token.rfind('.');
    JwtClaims elevated = claims();
    elevated.roles = {"ADMIN", "MANAGER", "HR", "EMPLOYEE"};
    const std::string forged = token.substr(0, dot1 + 1) +
                               base64url_encode(boost::json::serialize(claims_to_json(elevated))) +
                               token.substr(dot2);
    EXPECT_EQ(check(forged), JwtError::BadSignature);
}

TEST_F(JwtTest, RejectsATamperedHeader) {
    const std::string token = signer.sign(claims());
    const std::string forged =
        base64url_encode(std::string_view(R"({"alg":"EdDSA","typ":"JWT","kid":"k1","x":1})")) +
        token.substr(token.find('.'));
    EXPECT_EQ(check(forged), JwtError::BadSignature);
}

TEST_F(JwtTest, RejectsAnyFlippedCharacter) {
    const std::string token = signer.sign(claims());
    for (std::size_t i = 0; i < token.size(); ++i) {
        std::string forged = token;
        forged[i] = forged[i] == 'A' ? 'B' : 'A';
        EXPECT_NE(check(forged), JwtError::None) << "position " << i;
    }
}

TEST_F(JwtTest, RejectsNonCanonicalBase64Url) {
    const std::string token = signer.sign(claims());
    const std::size_t dot1 = token.find('.'), dot2 = token.rfind('.');
    EXPECT_EQ(check(token + "=="), JwtError::BadSignature);  // padded: no longer 86 characters
    EXPECT_EQ(check(token.substr(0, dot1) + "=" + token.substr(dot1)), JwtError::BadEncoding);
    // Unused trailing bits set: the same 64 bytes under a second spelling (signature malleability).
    std::string malleable = token;
    malleable.back() = static_cast<char>(malleable.back() + 1);
    EXPECT_EQ(check(malleable), JwtError::BadEncoding);
    std::string plus = token;
    plus[dot2 + 5] = '+';
    EXPECT_EQ(check(plus), JwtError::BadEncoding);
    std::string space = token;
    space[dot2 + 5] = ' ';
    EXPECT_EQ(check(space), JwtError::BadEncoding);
}

TEST_F(JwtTest, RejectsAPaddedPayloadEvenWhenSigned) {
    // The signature covers the text, so the decoder's strictness is what refuses this.
    const std::string input = base64url_encode(std::string_view(R"({"alg":"EdDSA","kid":"k1"})")) + "." +
                              base64url_encode(payload_json() + " ") + "==";
    const std::string token = input + "." + base64url_encode(key.sign(input));
    EXPECT_EQ(check(token), JwtError::BadEncoding);
}

TEST_F(JwtTest, RejectsWrongSegmentCounts) {
    const std::string token = signer.sign(claims());
    const std::string two = token.substr(0, token.rfind('.'));
    EXPECT_EQ(check(two), JwtError::Malformed);
    EXPECT_EQ(check(token + ".AAAA"), JwtError::Malformed);
    EXPECT_EQ(check(token + "."), JwtError::Malformed);
    EXPECT_EQ(check(""), JwtError::Malformed);
    EXPECT_EQ(check(".."), JwtError::Malformed);
    EXPECT_EQ(check("abc"), JwtError::Malformed);
}

TEST_F(JwtTest, RejectsSignaturesOfTheWrongLength) {
    const std::string token = signer.sign(claims());
    const std::string input = token.substr(0, token.rfind('.'));
    EXPECT_EQ(check(input + "."), JwtError::BadSignature);
    EXPECT_EQ(check(input + "." + base64url_encode(std::string(63, 'x'))), JwtError::BadSignature);
    EXPECT_EQ(check(input + "." + base64url_encode(std::string(65, 'x'))), JwtError::BadSignature);
}

TEST_F(JwtTest, RejectsHugeTokensBeforeParsing) {
    JwtClaims big = claims();
    big.extra["padding"] = std::string(9000, 'x');
    const std::string token = signer.sign(big);  // validly signed, still refused
    ASSERT_GT(token.size(), 8192u);
    EXPECT_EQ(check(token), JwtError::TooLarge);
    EXPECT_EQ(check(std::string(1'000'000, 'A')), JwtError::TooLarge);
}

TEST_F(JwtTest, RejectsHeadersAndPayloadsThatAreNotObjects) {
    EXPECT_EQ(check(forge("[]", payload_json())), JwtError::BadJson);
    EXPECT_EQ(check(forge("{\"alg\":", payload_json())), JwtError::BadJson);
    EXPECT_EQ(check(forge(R"({"alg":"EdDSA","kid":"k1"})", "[1,2]")), JwtError::BadJson);
    EXPECT_EQ(check(forge(R"({"alg":"EdDSA","kid":"k1"})", "not json")), JwtError::BadJson);
}

TEST_F(JwtTest, NeverAcceptsRandomInput) {
    std::mt19937 random(12345);
    const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \"{}";
    for (int i = 0; i < 3000; ++i) {
        std::string input(random() % 300, ' ');
        for (char& c : input) c = alphabet[random() % alphabet.size()];
        EXPECT_NE(check(input), JwtError::None) << input;
    }
    const std::string token = signer.sign(claims());
    for (std::size_t length = 0; length < token.size(); ++length) {
        EXPECT_NE(check(token.substr(0, length)), JwtError::None) << length;
    }
}

// ---- claims ----

TEST_F(JwtTest, RejectsMissingRequiredClaims) {
    for (const char* name : {"exp", "sub", "jti"}) {
        boost::json::object payload = claims_to_json(claims());
        payload.erase(name);
        EXPECT_EQ(check(forge(R"({"alg":"EdDSA","kid":"k1"})", boost::json::serialize(payload))),
                  JwtError::MissingClaim)
            << name;
    }
    boost::json::object payload = claims_to_json(claims());
    payload["sub"] = "";
    EXPECT_EQ(check(forge(R"({"alg":"EdDSA","kid":"k1"})", boost::json::serialize(payload))),
              JwtError::MissingClaim);
}

TEST_F(JwtTest, RejectsRegisteredClaimsOfTheWrongType) {
    const std::pair<const char*, boost::json::value> cases[] = {
        {"exp", "1750000900"}, {"exp", 1.75e9},    {"exp", -1.5},
        {"sub", 42},           {"roles", "ADMIN"}, {"roles", boost::json::array{"ADMIN", 1}},
        {"nbf", true},         {"aud", 3}};
    for (const auto& [name, value] : cases) {
        boost::json::object payload = claims_to_json(claims());
        payload[name] = value;
        EXPECT_EQ(check(forge(R"({"alg":"EdDSA","kid":"k1"})", boost::json::serialize(payload))),
                  JwtError::BadClaim)
            << name << "=" << boost::json::serialize(value);
    }
}

// Found by fuzz/jwt (fuzz/regressions/jwt/): exp = INT64_MAX overflowed "exp + leeway" (undefined
// behaviour). NumericDates outside what a system_clock::time_point holds are claims of the wrong type.
TEST_F(JwtTest, RejectsNumericDatesOutOfRange) {
    const std::pair<const char*, boost::json::value> cases[] = {
        {"exp", INT64_MAX}, {"exp", std::uint64_t{UINT64_MAX}},
        {"nbf", INT64_MAX}, {"iat", 100'000'000'000},
        {"exp", -1},        {"nbf", INT64_MIN}};
    for (const auto& [name, value] : cases) {
        boost::json::object payload = claims_to_json(claims());
        payload[name] = value;
        EXPECT_EQ(check(forge(R"({"alg":"EdDSA","kid":"k1"})", boost::json::serialize(payload))),
                  JwtError::BadClaim)
            << name << "=" << boost::json::serialize(value);
    }
}

TEST_F(JwtTest, ExpiryHonoursTheLeeway) {
    const std::string token = signer.sign(claims());  // exp = now + 15 min; default leeway 30 s
    clock.advance(15min + 29s);
    EXPECT_EQ(check(token), JwtError::None);
    clock.advance(1s);
    EXPECT_EQ(check(token), JwtError::Expired);
    clock.advance(24h);
    EXPECT_EQ(check(token), JwtError::Expired);
}

TEST_F(JwtTest, ExpiryWithoutLeeway) {
    JwtVerifierOptions options;
    options.leeway = 0s;
    JwtVerifier strict({{"k1", key.public_key(), std::nullopt}}, options, clock);
    JwtClaims c = claims();
    c.exp = kNow + 1s;
    const std::string token = signer.sign(c);
    JwtClaims out;
    EXPECT_EQ(strict.try_verify(token, out), JwtError::None);
    clock.advance(1s);
    EXPECT_EQ(strict.try_verify(token, out), JwtError::Expired);
}

TEST_F(JwtTest, NotBeforeHonoursTheLeeway) {
    JwtClaims c = claims();
    c.nbf = kNow + 60s;
    const std::string token = signer.sign(c);
    EXPECT_EQ(check(token), JwtError::NotYetValid);
    clock.advance(29s);
    EXPECT_EQ(check(token), JwtError::NotYetValid);
    clock.advance(1s);
    EXPECT_EQ(check(token), JwtError::None);
}

TEST_F(JwtTest, ChecksIssuerAndAudienceWhenConfigured) {
    JwtVerifierOptions options;
    options.issuer = "budgethub-auth";
    options.audience = "budgethub-portal";
    JwtVerifier strict({{"k1", key.public_key(), std::nullopt}}, options, clock);
    JwtClaims out;
    JwtClaims c = claims();
    EXPECT_EQ(strict.try_verify(signer.sign(c), out), JwtError::WrongIssuer);
    c.iss = "someone-else";
    EXPECT_EQ(strict.try_verify(signer.sign(c), out), JwtError::WrongIssuer);
    c.iss = "budgethub-auth";
    EXPECT_EQ(strict.try_verify(signer.sign(c), out), JwtError::WrongAudience);
    c.aud = {"budgethub-budget"};
    EXPECT_EQ(strict.try_verify(signer.sign(c), out), JwtError::WrongAudience);
    c.aud = {"budgethub-budget", "budgethub-portal"};
    EXPECT_EQ(strict.try_verify(signer.sign(c), out), JwtError::None);
    c.aud = {"budgethub-portal"};
    EXPECT_EQ(strict.try_verify(signer.sign(c), out), JwtError::None);
}

TEST_F(JwtTest, ReplacingKeysTakesEffectAtOnce) {
    const std::string token = signer.sign(claims());
    const auto next = Ed25519PrivateKey::generate();
    verifier.replace_keys({{"k2", next.public_key(), std::nullopt}});
    EXPECT_EQ(check(token), JwtError::UnknownKid);
    EXPECT_EQ(check(JwtSigner(next, "k2").sign(claims())), JwtError::None);
    EXPECT_EQ(verifier.kids(), std::vector<std::string>{"k2"});
}

// ---- the verified-token cache: only time-independent checks are remembered ----

TEST_F(JwtTest, ARememberedTokenStillExpires) {
    const auto token = signer.sign(claims());
    EXPECT_EQ(check(token), JwtError::None);
    EXPECT_EQ(check(token), JwtError::None);  // served from the cache
    clock.advance(15min + 30s);               // exp + leeway
    EXPECT_EQ(check(token), JwtError::Expired);
}

TEST_F(JwtTest, ARememberedTokenDiesWithItsKey) {
    const auto token = signer.sign(claims());
    EXPECT_EQ(check(token), JwtError::None);
    // The key is removed (compromised): a new key set makes every remembered token a miss.
    verifier.replace_keys({{"k9", Ed25519PrivateKey::generate().public_key(), std::nullopt}});
    EXPECT_EQ(check(token), JwtError::UnknownKid);
}

TEST_F(JwtTest, ARememberedTokenHonoursTheEndOfItsRotatedKey) {
    verifier.replace_keys({{"k1", key.public_key(), clock.now() + 1min}});
    const auto token = signer.sign(claims());
    EXPECT_EQ(check(token), JwtError::None);
    EXPECT_EQ(check(token), JwtError::None);
    clock.advance(2min);
    EXPECT_EQ(check(token), JwtError::KeyExpired);
}

TEST_F(JwtTest, ARememberedTokenReturnsTheSameClaims) {
    const auto token = signer.sign(claims());
    JwtClaims first;
    JwtClaims second;
    ASSERT_EQ(verifier.try_verify(token, first), JwtError::None);
    ASSERT_EQ(verifier.try_verify(token, second), JwtError::None);
    EXPECT_EQ(first.sub, second.sub);
    EXPECT_EQ(first.jti, second.jti);
    EXPECT_EQ(first.roles, second.roles);
    EXPECT_EQ(first.email, second.email);
    EXPECT_EQ(first.exp, second.exp);
}

TEST_F(JwtTest, AForgedTwinOfARememberedTokenIsStillRefused) {
    const auto token = signer.sign(claims());
    EXPECT_EQ(check(token), JwtError::None);
    auto tampered = token;
    tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
    EXPECT_NE(check(tampered), JwtError::None);
}

}  // namespace
}  // namespace bh::security
