// Fuzz target: JSON Web Key Sets (security::parse_jwks): the document the portal fetches from auth's
// /.well-known/jwks.json and trusts for verifying every token.
// Asserts:
//  - a bad document is AppError Internal, nothing else (no crash, no other exception);
//  - an accepted set is not empty, its kids are unique and not empty, every key is 32 raw bytes;
//  - round trip: to_jwks_json of the parsed set parses to the same kids and the same raw keys.
#include "security/jwks.h"

#include <set>

#include "core/error.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace bh::security;
    VerificationKeys keys;
    try {
        keys = parse_jwks(bh::fuzz::as_text(data, size));
    } catch (const bh::AppError& e) {
        FUZZ_CHECK(e.kind() == bh::ErrorKind::Internal);
        return 0;
    }
    FUZZ_CHECK(!keys.empty());
    std::set<std::string> kids;
    for (const auto& key : keys) {
        FUZZ_CHECK(!key.kid.empty());
        FUZZ_CHECK(kids.insert(key.kid).second);
        FUZZ_CHECK(!key.not_after);
    }
    const auto again = parse_jwks(to_jwks_json(keys));
    FUZZ_CHECK(again.size() == keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) {
        FUZZ_CHECK(again[i].kid == keys[i].kid);
        FUZZ_CHECK(again[i].key.raw() == keys[i].key.raw());
    }
    return 0;
}
