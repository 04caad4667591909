// Cost of verifying an access token: what the portal pays on every authenticated request.
#include <benchmark/benchmark.h>

#include <chrono>

#include "core/clock.h"
#include "security/ed25519_key.h"
#include "security/jwt_signer.h"
#include "security/jwt_verifier.h"

namespace {

struct Tokens {
    bh::security::Ed25519PrivateKey key = bh::security::Ed25519PrivateKey::generate();
    bh::security::JwtSigner signer{key, "k1"};
    std::string token;
    Tokens() {
        bh::security::JwtClaims claims;
        claims.sub = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
        claims.email = "ana@example.com";
        claims.roles = {"ADMIN", "MANAGER"};
        claims.jti = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c";
        const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
        claims.iat = now;
        claims.exp = now + std::chrono::minutes(15);
        token = signer.sign(claims);
    }
};

// Full verification every time (the cache off): what a token costs the first time it is seen.
void BM_JwtVerify(benchmark::State& state) {
    static const Tokens tokens;
    const bh::security::JwtVerifier verifier({{"k1", tokens.key.public_key(), std::nullopt}},
                                             {.verified_cache_entries = 0}, bh::system_clock());
    bh::security::JwtClaims claims;
    for (auto _ : state) {
        if (verifier.try_verify(tokens.token, claims) != bh::security::JwtError::None)
            state.SkipWithError("rejected");
        benchmark::DoNotOptimize(claims);
    }
}
BENCHMARK(BM_JwtVerify);

// The same token again (the verified-token cache): what each later request with it costs.
void BM_JwtVerifyRemembered(benchmark::State& state) {
    static const Tokens tokens;
    const bh::security::JwtVerifier verifier({{"k1", tokens.key.public_key(), std::nullopt}}, {},
                                             bh::system_clock());
    bh::security::JwtClaims claims;
    for (auto _ : state) {
        if (verifier.try_verify(tokens.token, claims) != bh::security::JwtError::None)
            state.SkipWithError("rejected");
        benchmark::DoNotOptimize(claims);
    }
}
BENCHMARK(BM_JwtVerifyRemembered);

void BM_JwtRejectForgedAlg(benchmark::State& state) {
    static const Tokens tokens;
    const bh::security::JwtVerifier verifier({{"k1", tokens.key.public_key(), std::nullopt}}, {},
                                             bh::system_clock());
    // {"alg":"none"} header with the real payload: must be refused before any crypto.
    const std::string forged = "eyJhbGciOiJub25lIn0" + tokens.token.substr(tokens.token.find('.'));
    bh::security::JwtClaims claims;
    for (auto _ : state) benchmark::DoNotOptimize(verifier.try_verify(forged, claims));
}
BENCHMARK(BM_JwtRejectForgedAlg);

void BM_JwtSign(benchmark::State& state) {
    static const Tokens tokens;
    bh::security::JwtClaims claims;
    claims.sub = "s";
    claims.jti = "j";
    claims.exp = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    for (auto _ : state) benchmark::DoNotOptimize(tokens.signer.sign(claims));
}
BENCHMARK(BM_JwtSign);

}  // namespace
