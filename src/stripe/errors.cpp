// Stripe's error documents and statuses mapped to StripeError (see errors.h for the table).
#include "stripe/errors.h"

#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace bh::stripe {

namespace {

constexpr const char* kUnavailableMessage = "The payment provider is unavailable. Please try again later.";

bool is_key_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::string string_member(const boost::json::object& object, std::string_view name) {
    const auto* value = object.if_contains(name);
    if (value == nullptr || !value->is_string()) return {};
    return std::string(value->get_string());
}

std::string describe(int http_status, const StripeErrorBody& body, std::string_view request_id,
                     std::string_view what) {
    std::string detail = "Stripe";
    if (!what.empty()) detail.append(" ").append(what);
    detail.append(": HTTP ").append(std::to_string(http_status));
    for (const auto* part : {&body.type, &body.code, &body.decline_code}) {
        if (!part->empty()) detail.append(" ").append(*part);
    }
    if (!body.param.empty()) detail.append(" param=").append(body.param);
    if (!request_id.empty()) detail.append(" request=").append(request_id);
    if (!body.message.empty()) detail.append(": ").append(body.message);
    return redact_secrets(detail);
}

}  // namespace

StripeError::StripeError(ErrorKind kind, std::string code, std::string public_message, std::string detail,
                         int http_status, StripeErrorBody body, std::string request_id)
    : AppError(kind, std::move(code), std::move(public_message), std::move(detail)),
      http_status_(http_status),
      body_(std::move(body)),
      request_id_(std::move(request_id)) {}

std::string redact_secrets(std::string_view text) {
    static constexpr std::array<std::string_view, 4> kPrefixes{"sk_", "rk_", "whsec_", "Bearer "};
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const bool word_start = i == 0 || !is_key_char(text[i - 1]);
        bool redacted = false;
        for (const auto prefix : kPrefixes) {
            if (!word_start || !text.substr(i).starts_with(prefix)) continue;
            std::size_t end = i + prefix.size();
            while (end < text.size() && (is_key_char(text[end]) || text[end] == '*')) ++end;
            out.append("[redacted]");
            i = end;
            redacted = true;
            break;
        }
        if (!redacted) out.push_back(text[i++]);
    }
    return out;
}

StripeErrorBody parse_error_body(std::string_view body) {
    boost::system::error_code ec;
    const boost::json::value document = boost::json::parse(body, ec);
    if (ec || !document.is_object()) return {};
    const auto* error = document.get_object().if_contains("error");
    if (error == nullptr || !error->is_object()) return {};
    const auto& e = error->get_object();
    return {.type = string_member(e, "type"),
            .code = string_member(e, "code"),
            .decline_code = string_member(e, "decline_code"),
            .message = redact_secrets(string_member(e, "message")),
            .param = string_member(e, "param")};
}

StripeError error_from_response(int http_status, std::string_view body, std::string_view request_id,
                                std::string_view what) {
    StripeErrorBody parsed = parse_error_body(body);
    std::string detail = describe(http_status, parsed, request_id, what);
    const auto make = [&](ErrorKind kind, const char* code, std::string message) {
        return StripeError(kind, code, std::move(message), std::move(detail), http_status, std::move(parsed),
                           std::string(request_id));
    };
    const auto stripe_message_or = [&parsed](const char* fallback) {
        return parsed.message.empty() ? std::string(fallback) : parsed.message;
    };

    if (parsed.type == "idempotency_error") {
        return make(ErrorKind::Conflict, errc::kIdempotencyConflict,
                    "The payment request conflicts with an earlier one with the same idempotency key");
    }
    if (parsed.type == "card_error" || http_status == 402) {
        return make(ErrorKind::Conflict, errc::kPaymentDeclined,
                    stripe_message_or("The payment was declined"));
    }
    if (http_status == 401 || http_status == 403) {
        return make(ErrorKind::Unavailable, errc::kUnavailable, kUnavailableMessage);
    }
    if (http_status == 404) {
        return make(ErrorKind::NotFound, errc::kInvalidRequest,
                    stripe_message_or("The payment provider does not know this object"));
    }
    if (http_status >= 400 && http_status < 500 && http_status != 409 && http_status != 429) {
        return make(ErrorKind::BadRequest, errc::kInvalidRequest,
                    stripe_message_or("The payment provider refused the request"));
    }
    return make(ErrorKind::Unavailable, errc::kUnavailable, kUnavailableMessage);
}

StripeError network_failure(std::string_view detail) {
    return StripeError(ErrorKind::Unavailable, errc::kUnavailable, kUnavailableMessage,
                       redact_secrets(detail), 0, {}, {});
}

StripeError deadline_exceeded(std::string_view detail) {
    return StripeError(ErrorKind::Timeout, errc::kTimeout, "The payment provider did not answer in time",
                       redact_secrets(detail), 0, {}, {});
}

}  // namespace bh::stripe
