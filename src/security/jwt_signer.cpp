#include "security/jwt_signer.h"

#include <boost/json/serialize.hpp>

#include "core/base64url.h"
#include "core/error.h"

namespace bh::security {

JwtSigner::JwtSigner(Ed25519PrivateKey key, std::string kid) : key_(std::move(key)), kid_(std::move(kid)) {
    if (kid_.empty()) throw internal("JwtSigner needs a key id");
    const boost::json::object header{{"alg", "EdDSA"}, {"typ", "JWT"}, {"kid", kid_}};
    encoded_header_ = base64url_encode(boost::json::serialize(header));
}

std::string JwtSigner::sign(const JwtClaims& claims) const {
    const std::string payload = boost::json::serialize(claims_to_json(claims));
    std::string token;
    token.reserve(encoded_header_.size() + payload.size() * 4 / 3 + 96);
    token += encoded_header_;
    token += '.';
    base64url_encode_append(std::span(reinterpret_cast<const std::uint8_t*>(payload.data()), payload.size()),
                            token);
    const Ed25519Signature signature = key_.sign(token);  // signing input: header.payload
    token += '.';
    base64url_encode_append(signature, token);
    return token;
}

}  // namespace bh::security
