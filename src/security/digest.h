#pragma once
// SHA-256 and HMAC-SHA256 (OpenSSL), and a comparison whose time does not depend on where two
// secrets first differ. Used to store opaque tokens hashed and to check webhook signatures.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace bh::security {

using Sha256Digest = std::array<std::uint8_t, 32>;

Sha256Digest sha256(std::string_view data);
// Lower-case hex of SHA-256(data): what we store instead of a refresh or reset token.
std::string sha256_hex(std::string_view data);

Sha256Digest hmac_sha256_raw(std::string_view key, std::string_view message);
// Lower-case hex of HMAC-SHA256(key, message) (the form Stripe puts in its "v1=" signatures).
std::string hmac_sha256(std::string_view key, std::string_view message);

std::string to_hex(std::span<const std::uint8_t> bytes);

// True when a and b are equal. The lengths are not secret (a MAC or a digest has a fixed length);
// the contents are compared in constant time.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace bh::security
