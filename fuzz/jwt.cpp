// Fuzz target: JWT/JWS access tokens (security::JwtVerifier, security::claims_from_json): what every
// service reads from the Authorization header. Two tokens per input:
//  - the input itself as a compact JWS (the header, base64 and signature parsers);
//  - a token made of the input's two fields (header JSON, payload JSON), base64url-encoded and
//    signed with the verifier's current key, so the fuzzer reaches the claims past the signature.
// Asserts:
//  - try_verify and verify agree, and a verifier with a cache gives the same answer twice;
//  - an accepted token is within bounds: sub and jti present, not expired and not before nbf
//    (leeway included), the configured issuer and audience, signed by a key we hold that is not
//    retired; a token naming a retired key is KeyExpired, one naming another key never passes;
//  - round trip: the accepted claims, signed again (claims_to_json), verify to the same claims (a
//    double in an extra claim may move by one ulp a round: Boost.JSON 1.81 parsing).
#include <boost/json.hpp>
#include <chrono>

#include "core/base64url.h"
#include "core/clock.h"
#include "core/error.h"
#include "fuzz_check.h"
#include "json_compare.h"
#include "security/ed25519_key.h"
#include "security/jwt_signer.h"
#include "security/jwt_verifier.h"

namespace {

using namespace bh::security;
using bh::base64url_encode;
using namespace std::chrono_literals;

const auto kNow = std::chrono::sys_days(std::chrono::year_month_day(
                      std::chrono::year(2026), std::chrono::month(3), std::chrono::day(1))) +
                  12h;

Ed25519PrivateKey key_from(std::uint8_t fill) {
    std::array<std::uint8_t, 32> seed{};
    seed.fill(fill);
    return Ed25519PrivateKey::from_seed(seed);
}

struct Fixture {
    bh::ManualClock clock{kNow};
    Ed25519PrivateKey current = key_from(1);
    JwtSigner signer{current, "k1"};
    JwtSigner retired_signer{key_from(2), "old"};
    VerificationKeys keys{
        {"k1", current.public_key(), std::nullopt},
        {"old", key_from(2).public_key(), kNow - 1h},  // rotated out, grace period over
        {"k3", key_from(3).public_key(), std::nullopt},
    };
    JwtVerifierOptions options(std::size_t cache) const {
        JwtVerifierOptions o;
        o.issuer = "budgethub";
        o.audience = "budgethub-api";
        o.verified_cache_entries = cache;
        return o;
    }
};

const Fixture& fixture() {
    static const Fixture f;
    return f;
}

bool same_claims(const JwtClaims& a, const JwtClaims& b) {
    return a.sub == b.sub && a.email == b.email && a.roles == b.roles && a.jti == b.jti && a.iat == b.iat &&
           a.exp == b.exp && a.nbf == b.nbf && a.iss == b.iss && a.aud == b.aud && a.extra == b.extra;
}

// Equal, a double in an extra claim as json_compare.h allows (Boost.JSON 1.81 does not read every
// decimal back exactly: "1.3333333333333333E65", its own output for a double read from 66 digits,
// reads back one ulp lower).
bool same_claims_but_rounding(const JwtClaims& a, const JwtClaims& b) {
    JwtClaims a_without = a;
    JwtClaims b_without = b;
    a_without.extra.clear();
    b_without.extra.clear();
    return same_claims(a_without, b_without) &&
           bh::fuzz::json_equivalent(boost::json::value(a.extra), boost::json::value(b.extra));
}

void check_accepted(const JwtClaims& claims, std::string_view kid) {
    const auto& f = fixture();
    const auto now = std::chrono::floor<std::chrono::seconds>(f.clock.now());
    const auto leeway = f.options(0).leeway;
    FUZZ_CHECK(!claims.sub.empty() && !claims.jti.empty());
    FUZZ_CHECK(now < claims.exp + leeway);
    FUZZ_CHECK(!claims.nbf || *claims.nbf <= now + leeway);
    FUZZ_CHECK(claims.iss == "budgethub");
    FUZZ_CHECK(std::find(claims.aud.begin(), claims.aud.end(), "budgethub-api") != claims.aud.end());
    FUZZ_CHECK(kid == "k1");
}

// Verifies `token` every way there is and checks they agree; the claims when accepted.
std::optional<JwtClaims> verify_all_ways(std::string_view token) {
    const auto& f = fixture();
    const JwtVerifier plain(f.keys, f.options(0), f.clock);
    const JwtVerifier cached(f.keys, f.options(8), f.clock);
    JwtClaims claims;
    const JwtError error = plain.try_verify(token, claims);
    for (int round = 0; round < 2; ++round) {
        JwtClaims again;
        FUZZ_CHECK(cached.try_verify(token, again) == error);
        if (error == JwtError::None) FUZZ_CHECK(same_claims(again, claims));
    }
    bool threw = false;
    try {
        const auto thrown = plain.verify(token);
        FUZZ_CHECK(same_claims(thrown, claims));
    } catch (const bh::AppError& e) {
        FUZZ_CHECK(e.kind() == bh::ErrorKind::Unauthorized);
        threw = true;
    }
    FUZZ_CHECK(threw == (error != JwtError::None));
    if (error != JwtError::None) return std::nullopt;
    return claims;
}

std::string kid_of(std::string_view header_json) {
    boost::json::error_code ec;
    const auto header = boost::json::parse(header_json, ec);
    if (ec || !header.is_object()) return {};
    const auto* kid = header.get_object().if_contains("kid");
    return kid != nullptr && kid->is_string() ? std::string(kid->get_string()) : std::string();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& f = fixture();
    const auto input = bh::fuzz::as_text(data, size);

    // 1. The input as a token: nothing we did not sign can pass.
    if (const auto claims = verify_all_ways(input)) {
        std::fprintf(stderr, "an unsigned token passed\n");
        FUZZ_CHECK(false);
    }

    // 2. Header and payload from the input, signed with the current key.
    const auto parts = bh::fuzz::fields(input, 2);
    std::string token = base64url_encode(parts[0]) + "." + base64url_encode(parts[1]);
    const auto signature = f.current.sign(token);
    token += "." + base64url_encode(signature);
    const std::string kid = kid_of(parts[0]);
    const auto claims = verify_all_ways(token);
    if (kid == "old" || kid == "k3") {
        JwtClaims ignored;
        const JwtVerifier plain(f.keys, f.options(0), f.clock);
        const auto error = plain.try_verify(token, ignored);
        FUZZ_CHECK(error != JwtError::None);
        if (kid == "old")
            FUZZ_CHECK(error == JwtError::KeyExpired || error == JwtError::UnsupportedAlg ||
                       error == JwtError::UnsupportedType || error == JwtError::UnsupportedCrit ||
                       error == JwtError::TooLarge || error == JwtError::Malformed ||  // empty payload
                       error == JwtError::BadEncoding);
    }
    if (!claims) return 0;
    check_accepted(*claims, kid);

    // 3. Round trip: the same claims signed by our signer verify to the same claims (a double in an
    // extra claim within json_compare.h's bounds), and so does a second round.
    const auto resigned = verify_all_ways(f.signer.sign(*claims));
    FUZZ_CHECK(resigned && same_claims_but_rounding(*resigned, *claims));
    const auto again = verify_all_ways(f.signer.sign(*resigned));
    FUZZ_CHECK(again && same_claims_but_rounding(*again, *resigned));
    return 0;
}
