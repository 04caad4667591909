#include "security/jwks.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/base64url.h"
#include "core/error.h"

namespace bh::security {

namespace {

constexpr std::size_t kMaxJwksBytes = std::size_t{64} * 1024;

// Absent, or a string with exactly this value.
bool absent_or(const boost::json::object& jwk, std::string_view name, std::string_view expected) {
    const auto* value = jwk.if_contains(name);
    return value == nullptr || (value->is_string() && value->get_string() == expected);
}

bool is_string(const boost::json::object& jwk, std::string_view name, std::string_view expected) {
    const auto* value = jwk.if_contains(name);
    return value != nullptr && value->is_string() && value->get_string() == expected;
}

}  // namespace

std::string to_jwks_json(const VerificationKeys& keys) {
    boost::json::array entries;
    entries.reserve(keys.size());
    for (const auto& key : keys) {
        entries.push_back(boost::json::object{{"kty", "OKP"},
                                              {"crv", "Ed25519"},
                                              {"x", base64url_encode(key.key.raw())},
                                              {"kid", key.kid},
                                              {"use", "sig"},
                                              {"alg", "EdDSA"}});
    }
    return boost::json::serialize(boost::json::object{{"keys", std::move(entries)}});
}

VerificationKeys parse_jwks(std::string_view json) {
    if (json.size() > kMaxJwksBytes) throw internal("JWKS too large");
    boost::json::error_code ec;
    const boost::json::value document = boost::json::parse(json, ec);
    const auto* root = document.if_object();
    const auto* keys = root != nullptr ? root->if_contains("keys") : nullptr;
    if (ec || keys == nullptr || !keys->is_array()) throw internal("JWKS is not {\"keys\":[...]}");

    VerificationKeys out;
    for (const auto& entry : keys->get_array()) {
        const auto* jwk = entry.if_object();
        if (jwk == nullptr) throw internal("JWKS entry is not an object");
        if (!is_string(*jwk, "kty", "OKP") || !is_string(*jwk, "crv", "Ed25519") ||
            !absent_or(*jwk, "use", "sig") || !absent_or(*jwk, "alg", "EdDSA")) {
            continue;
        }
        const auto* kid = jwk->if_contains("kid");
        const auto* x = jwk->if_contains("x");
        if (kid == nullptr || !kid->is_string() || kid->get_string().empty())
            throw internal("JWKS key without kid");
        if (x == nullptr || !x->is_string()) throw internal("JWKS Ed25519 key without x");
        Ed25519RawKey raw{};
        const auto size = base64url_decode_into(x->get_string(), raw);
        if (!size || *size != raw.size()) throw internal("JWKS Ed25519 key with a malformed x");
        std::string id(kid->get_string());
        if (std::any_of(out.begin(), out.end(), [&](const auto& k) { return k.kid == id; })) {
            throw internal("JWKS has a duplicate kid: " + id);
        }
        out.push_back({std::move(id), Ed25519PublicKey::from_raw(raw), std::nullopt});
    }
    if (out.empty()) throw internal("JWKS has no Ed25519 signing key");
    return out;
}

}  // namespace bh::security
