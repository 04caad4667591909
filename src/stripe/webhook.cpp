// Stripe webhook signature verification and event parsing (see webhook.h).
#include "stripe/webhook.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <vector>

#include "core/error.h"
#include "security/digest.h"
#include "stripe/errors.h"

namespace bh::stripe {

namespace {

constexpr std::size_t kSignatureHexSize = 64;  // HMAC-SHA256

[[noreturn]] void refuse_signature(std::string message) {
    throw AppError(ErrorKind::BadRequest, errc::kInvalidSignature, std::move(message));
}

[[noreturn]] void refuse_event(std::string message) {
    throw AppError(ErrorKind::BadRequest, errc::kInvalidEvent, std::move(message));
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The 32 bytes of a v1 signature, or nullopt when it is not 64 hex digits.
std::optional<std::string> decode_signature(std::string_view hex) {
    if (hex.size() != kSignatureHexSize) return std::nullopt;
    std::string bytes(kSignatureHexSize / 2, '\0');
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const int high = hex_value(hex[2 * i]);
        const int low = hex_value(hex[2 * i + 1]);
        if (high < 0 || low < 0) return std::nullopt;
        bytes[i] = static_cast<char>((high << 4) | low);
    }
    return bytes;
}

struct SignatureHeader {
    std::string_view timestamp;  // as signed: the digits of t
    std::int64_t t = 0;
    std::vector<std::string> v1;  // decoded
};

SignatureHeader parse_header(std::string_view header) {
    SignatureHeader parsed;
    bool has_t = false;
    while (!header.empty()) {
        const auto comma = header.find(',');
        const std::string_view item = trimmed(header.substr(0, comma));
        header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
        const auto equals = item.find('=');
        if (equals == std::string_view::npos) continue;
        const std::string_view name = item.substr(0, equals);
        const std::string_view value = item.substr(equals + 1);
        if (name == "t") {
            if (has_t) refuse_signature("Stripe-Signature has more than one timestamp");
            const auto* end = value.data() + value.size();
            const auto [ptr, ec] = std::from_chars(value.data(), end, parsed.t);
            if (value.empty() || ec != std::errc() || ptr != end || parsed.t < 0) {
                refuse_signature("Stripe-Signature has a malformed timestamp");
            }
            parsed.timestamp = value;
            has_t = true;
        } else if (name == "v1") {
            auto bytes = decode_signature(value);
            if (!bytes) refuse_signature("Stripe-Signature has a v1 signature that is not 64 hex digits");
            parsed.v1.push_back(std::move(*bytes));
        }
        // v0 (test-mode legacy) and unknown schemes are ignored, as Stripe's libraries do.
    }
    if (!has_t) refuse_signature("Stripe-Signature has no timestamp (t=...)");
    if (parsed.v1.empty()) refuse_signature("Stripe-Signature has no v1 signature");
    return parsed;
}

std::string string_member(const boost::json::object& object, std::string_view name) {
    const auto* value = object.if_contains(name);
    return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
}

}  // namespace

Event verify_webhook(std::string_view payload, std::string_view signature_header,
                     std::span<const std::string> secrets, std::chrono::system_clock::time_point now,
                     std::chrono::seconds tolerance) {
    if (trimmed(signature_header).empty()) refuse_signature("The Stripe-Signature header is missing");
    const SignatureHeader header = parse_header(signature_header);

    std::string signed_payload(header.timestamp);
    signed_payload.append(".").append(payload);
    bool matched = false;
    for (const auto& secret : secrets) {
        if (secret.empty()) continue;
        const security::Sha256Digest expected = security::hmac_sha256_raw(secret, signed_payload);
        const std::string_view expected_bytes(reinterpret_cast<const char*>(expected.data()),
                                              expected.size());
        for (const auto& candidate : header.v1) {
            // No early exit: the time taken does not tell which secret or signature matched.
            matched = security::constant_time_equal(expected_bytes, candidate) || matched;
        }
    }
    if (!matched) refuse_signature("No Stripe-Signature v1 signature matches the payload");

    // In whole seconds: t may be any non-negative int64, far more than a time_point in nanoseconds
    // holds. The difference of two int64 always fits in a uint64.
    const std::int64_t now_seconds =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    const auto t = static_cast<std::uint64_t>(header.t);
    const auto at = static_cast<std::uint64_t>(now_seconds);
    const std::uint64_t age = header.t > now_seconds ? t - at : at - t;
    if (tolerance.count() < 0 || age > static_cast<std::uint64_t>(tolerance.count())) {
        refuse_signature("The Stripe-Signature timestamp is outside the tolerance (" +
                         std::to_string(tolerance.count()) + " s)");
    }
    return parse_event(payload);
}

Event parse_event(std::string_view payload) {
    boost::system::error_code ec;
    boost::json::value document = boost::json::parse(payload, ec);
    if (ec || !document.is_object()) refuse_event("The Stripe event is not a JSON object");
    auto& object = document.get_object();

    Event event;
    event.id = string_member(object, "id");
    event.type = string_member(object, "type");
    if (event.id.empty() || event.type.empty()) refuse_event("The Stripe event has no id or type");
    auto* data = object.if_contains("data");
    auto* data_object =
        data != nullptr && data->is_object() ? data->get_object().if_contains("object") : nullptr;
    if (data_object == nullptr || !data_object->is_object())
        refuse_event("The Stripe event has no data.object");
    event.data_object = std::move(data_object->get_object());
    if (auto* previous = data->get_object().if_contains("previous_attributes");
        previous != nullptr && previous->is_object()) {
        event.previous_attributes = std::move(previous->get_object());
    }
    if (const auto* created = object.if_contains("created"); created != nullptr && created->is_int64()) {
        event.created = created->get_int64();
    }
    if (const auto* livemode = object.if_contains("livemode"); livemode != nullptr && livemode->is_bool()) {
        event.livemode = livemode->get_bool();
    }
    event.api_version = string_member(object, "api_version");
    return event;
}

std::string sign_webhook(std::string_view payload, std::string_view secret,
                         std::chrono::system_clock::time_point t) {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
    std::string signed_payload = std::to_string(seconds);
    signed_payload.append(".").append(payload);
    return "t=" + std::to_string(seconds) + ",v1=" + security::hmac_sha256(secret, signed_payload);
}

}  // namespace bh::stripe
