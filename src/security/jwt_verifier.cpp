#include "security/jwt_verifier.h"

#include <array>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>

#include "core/base64url.h"
#include "core/error.h"
#include "security/verified_token_cache.h"

namespace bh::security {

namespace {

// Scratch space on the stack: a token within the size bound decodes and parses without touching
// the heap (the JSON resource falls back to the heap only for unusually large payloads).
using DecodeBuffer = std::array<std::uint8_t, JwtVerifier::kMaxTokenBytes / 4 * 3>;

// Decodes a base64url segment and parses it as a JSON object. `out` must use the same resource as
// the parse, so the move below transfers ownership instead of copying.
JwtError parse_segment(std::string_view encoded, DecodeBuffer& buffer,
                       boost::json::monotonic_resource& resource, boost::json::value& out) {
    const auto size = base64url_decode_into(encoded, buffer);
    if (!size) return JwtError::BadEncoding;
    boost::json::error_code ec;
    const std::string_view text(reinterpret_cast<const char*>(buffer.data()), *size);
    out = boost::json::parse(text, ec, &resource);
    if (ec || !out.is_object()) return JwtError::BadJson;
    return JwtError::None;
}

JwtError check_header(const boost::json::object& header, std::string_view& kid) {
    const auto* alg = header.if_contains("alg");
    if (alg == nullptr || !alg->is_string() || alg->get_string() != "EdDSA") return JwtError::UnsupportedAlg;
    if (const auto* typ = header.if_contains("typ")) {
        if (!typ->is_string() || typ->get_string() != "JWT") return JwtError::UnsupportedType;
    }
    if (header.contains("crit")) return JwtError::UnsupportedCrit;
    const auto* id = header.if_contains("kid");
    if (id == nullptr || !id->is_string()) return JwtError::UnknownKid;
    kid = id->get_string();
    return JwtError::None;
}

const VerificationKey* find_key(const VerificationKeys& keys, std::string_view kid) {
    for (const auto& key : keys) {
        if (key.kid == kid) return &key;
    }
    return nullptr;
}

bool contains(const std::vector<std::string>& items, std::string_view wanted) {
    for (const auto& item : items) {
        if (item == wanted) return true;
    }
    return false;
}

}  // namespace

std::string_view to_string(JwtError error) {
    switch (error) {
        case JwtError::None:
            return "valid";
        case JwtError::TooLarge:
            return "token too large";
        case JwtError::Malformed:
            return "malformed token";
        case JwtError::BadEncoding:
            return "invalid base64url";
        case JwtError::BadJson:
            return "header or payload is not a JSON object";
        case JwtError::UnsupportedAlg:
            return "unsupported alg";
        case JwtError::UnsupportedType:
            return "unsupported typ";
        case JwtError::UnsupportedCrit:
            return "unsupported crit header";
        case JwtError::UnknownKid:
            return "unknown kid";
        case JwtError::KeyExpired:
            return "signing key retired";
        case JwtError::BadSignature:
            return "bad signature";
        case JwtError::MissingClaim:
            return "missing required claim";
        case JwtError::BadClaim:
            return "claim of the wrong type";
        case JwtError::Expired:
            return "token expired";
        case JwtError::NotYetValid:
            return "token not yet valid";
        case JwtError::WrongIssuer:
            return "wrong issuer";
        case JwtError::WrongAudience:
            return "wrong audience";
    }
    return "unknown error";
}

JwtVerifier::JwtVerifier(VerificationKeys keys, JwtVerifierOptions options, const Clock& clock)
    : keys_(std::make_shared<const VerificationKeys>(std::move(keys))),
      options_(std::move(options)),
      clock_(&clock),
      cache_(std::make_unique<VerifiedTokenCache>(options_.verified_cache_entries)) {
    if (options_.max_token_bytes > kMaxTokenBytes) options_.max_token_bytes = kMaxTokenBytes;
}

JwtVerifier::~JwtVerifier() = default;

// RFC 7519: now must be before exp, and not before nbf; both widened by the leeway.
JwtError JwtVerifier::check_times(const JwtClaims& claims, std::chrono::system_clock::time_point now) const {
    const auto now_seconds = std::chrono::floor<std::chrono::seconds>(now);
    if (now_seconds >= claims.exp + options_.leeway) return JwtError::Expired;
    if (claims.nbf && now_seconds + options_.leeway < *claims.nbf) return JwtError::NotYetValid;
    return JwtError::None;
}

void JwtVerifier::replace_keys(VerificationKeys keys) {
    keys_.store(std::make_shared<const VerificationKeys>(std::move(keys)));
}

std::vector<std::string> JwtVerifier::kids() const {
    const auto keys = keys_.load();
    std::vector<std::string> out;
    for (const auto& key : *keys) out.push_back(key.kid);
    return out;
}

JwtClaims JwtVerifier::verify(std::string_view token) const {
    JwtClaims claims;
    const JwtError error = try_verify(token, claims);
    if (error != JwtError::None) {
        throw AppError(ErrorKind::Unauthorized, errc::kInvalidToken, "Invalid or expired token",
                       "JWT rejected: " + std::string(to_string(error)));
    }
    return claims;
}

JwtError JwtVerifier::try_verify(std::string_view token, JwtClaims& out) const {
    if (token.size() > options_.max_token_bytes) return JwtError::TooLarge;
    const std::shared_ptr<const VerificationKeys> keys = keys_.load();
    if (auto hit = cache_->find(token, keys)) {
        // Verified before against these very keys; only what depends on time is checked again.
        const auto now = clock_->now();
        if (hit->key_not_after && now > *hit->key_not_after) return JwtError::KeyExpired;
        if (const JwtError e = check_times(hit->claims, now); e != JwtError::None) return e;
        out = std::move(hit->claims);
        return JwtError::None;
    }
    const std::size_t dot1 = token.find('.');
    if (dot1 == std::string_view::npos) return JwtError::Malformed;
    const std::size_t dot2 = token.find('.', dot1 + 1);
    if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
        return JwtError::Malformed;
    }
    const std::string_view encoded_header = token.substr(0, dot1);
    const std::string_view encoded_payload = token.substr(dot1 + 1, dot2 - dot1 - 1);
    const std::string_view encoded_signature = token.substr(dot2 + 1);
    if (encoded_header.empty() || encoded_payload.empty()) return JwtError::Malformed;

    DecodeBuffer buffer;
    std::array<unsigned char, 4096> json_storage;
    boost::json::monotonic_resource resource(json_storage.data(), json_storage.size());

    // 1. Header: decide whether we would accept this token at all, and with which key.
    boost::json::value header(&resource);
    if (const JwtError e = parse_segment(encoded_header, buffer, resource, header); e != JwtError::None)
        return e;
    std::string_view kid;  // points into `header`
    if (const JwtError e = check_header(header.get_object(), kid); e != JwtError::None) return e;
    const VerificationKey* key = find_key(*keys, kid);
    if (key == nullptr) return JwtError::UnknownKid;
    const auto now = clock_->now();
    if (key->not_after && now > *key->not_after) return JwtError::KeyExpired;

    // 2. Signature, before the payload is even decoded: unsigned input is never parsed further.
    Ed25519Signature signature{};
    if (base64url_decoded_size(encoded_signature.size()) != signature.size()) return JwtError::BadSignature;
    if (!base64url_decode_into(encoded_signature, signature)) return JwtError::BadEncoding;
    if (!key->key.verify(token.substr(0, dot2), signature)) return JwtError::BadSignature;

    // 3. Claims.
    boost::json::value payload(&resource);
    if (const JwtError e = parse_segment(encoded_payload, buffer, resource, payload); e != JwtError::None)
        return e;
    switch (claims_from_json(payload.get_object(), out)) {
        case ClaimsParseError::None:
            break;
        case ClaimsParseError::MissingClaim:
            return JwtError::MissingClaim;
        case ClaimsParseError::BadClaim:
            return JwtError::BadClaim;
    }
    if (const JwtError e = check_times(out, now); e != JwtError::None) return e;
    if (options_.issuer && out.iss != *options_.issuer) return JwtError::WrongIssuer;
    if (options_.audience && !contains(out.aud, *options_.audience)) return JwtError::WrongAudience;
    cache_->insert(token, keys, out, key->not_after);
    return JwtError::None;
}

}  // namespace bh::security
