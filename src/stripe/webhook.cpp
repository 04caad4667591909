// Stripe webhook signatures: see webhook.h.
#include "stripe/webhook.h"

#include <boost/json/parse.hpp>
#include <vector>

#include "core/error.h"
#include "security/digest.h"

namespace bh::stripe {

namespace {

AppError refused(std::string message) {
    return bad_request("Invalid Stripe signature: " + message, "INVALID_STRIPE_SIGNATURE");
}

AppError bad_event(std::string message) {
    return bad_request("Invalid Stripe event: " + message, "INVALID_STRIPE_EVENT");
}

}  // namespace

Event verify_webhook(std::string_view payload, std::string_view header, std::span<const std::string> secrets,
                     std::chrono::system_clock::time_point now, std::chrono::seconds tolerance) {
    if (secrets.empty()) throw refused("no webhook secret is configured");
    if (header.empty()) throw refused("the Stripe-Signature header is missing");
    std::optional<std::int64_t> timestamp;
    std::vector<std::string_view> signatures;
    while (!header.empty()) {
        const auto comma = header.find(',');
        auto part = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        const auto equals = part.find('=');
        if (equals == std::string_view::npos) continue;
        const auto key = part.substr(0, equals);
        const auto value = part.substr(equals + 1);
        if (key == "t") {
            std::int64_t t = 0;
            bool digits = !value.empty() && value.size() <= 12;
            for (const char c : value) {
                digits = digits && c >= '0' && c <= '9';
                if (digits) t = t * 10 + (c - '0');
            }
            if (!digits) throw refused("the timestamp is not a number");
            timestamp = t;
        } else if (key == "v1") {
            signatures.push_back(value);
        }
    }
    if (!timestamp) throw refused("no timestamp (t=)");
    if (signatures.empty()) throw refused("no v1 signature");
    const auto signed_at = std::chrono::system_clock::time_point(std::chrono::seconds(*timestamp));
    const auto age = now - signed_at;
    if (age > tolerance || -age > tolerance)
        throw refused("the timestamp is outside the tolerance (stale or future)");

    std::string signed_payload = std::to_string(*timestamp);
    signed_payload.push_back('.');
    signed_payload.append(payload);
    bool matched = false;
    for (const auto& secret : secrets) {
        const auto expected = security::hmac_sha256(secret, signed_payload);
        for (const auto candidate : signatures)
            matched = security::constant_time_equal(expected, candidate) || matched;
    }
    if (!matched) throw refused("no signature matches");

    boost::system::error_code ec;
    const auto parsed = boost::json::parse(payload, ec);
    if (ec || !parsed.is_object()) throw bad_event("the body is not a JSON object");
    const auto& root = parsed.as_object();
    Event event;
    const auto* id = root.if_contains("id");
    const auto* type = root.if_contains("type");
    const auto* data = root.if_contains("data");
    if (id == nullptr || !id->is_string() || id->as_string().empty() || id->as_string().size() > 255)
        throw bad_event("no id");
    if (type == nullptr || !type->is_string() || type->as_string().empty()) throw bad_event("no type");
    if (data == nullptr || !data->is_object() || !data->as_object().contains("object") ||
        !data->as_object().at("object").is_object())
        throw bad_event("no data.object");
    event.id = std::string(id->as_string());
    event.type = std::string(type->as_string());
    if (const auto* created = root.if_contains("created"); created != nullptr && created->is_int64())
        event.created = created->as_int64();
    event.data_object = data->as_object().at("object").as_object();
    return event;
}

std::string sign_webhook(std::string_view payload, std::string_view secret, std::int64_t timestamp) {
    std::string signed_payload = std::to_string(timestamp);
    signed_payload.push_back('.');
    signed_payload.append(payload);
    return "t=" + std::to_string(timestamp) + ",v1=" + security::hmac_sha256(secret, signed_payload);
}

}  // namespace bh::stripe
