// Stripe's errors as AppError: see error.h.
#include "stripe/error.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <string>

namespace bh::stripe {

namespace {

std::string field(const boost::json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

}  // namespace

AppError error_from_response(long status, std::string_view body) {
    std::string type, code, decline_code, message, param;
    boost::system::error_code ec;
    const auto parsed = boost::json::parse(body, ec);
    if (!ec && parsed.is_object()) {
        if (const auto* error = parsed.as_object().if_contains("error");
            error != nullptr && error->is_object()) {
            const auto& e = error->as_object();
            type = field(e, "type");
            code = field(e, "code");
            decline_code = field(e, "decline_code");
            message = field(e, "message");
            param = field(e, "param");
        }
    }
    const std::string detail = "stripe " + std::to_string(status) + " type=" + type + " code=" + code +
                               " decline_code=" + decline_code + " param=" + param + ": " + message;
    if (status == 402 || type == "card_error") {
        return AppError(
            ErrorKind::Conflict, kDeclined,
            message.empty() ? "The payment was declined." : "The payment was declined: " + message, detail);
    }
    if (status == 409 || type == "idempotency_error") {
        return AppError(ErrorKind::Conflict, kIdempotencyConflict,
                        "Stripe refused a repeated request: " + (message.empty() ? code : message), detail);
    }
    if (status == 400 || status == 404) {
        auto error = AppError(status == 404 ? ErrorKind::NotFound : ErrorKind::BadRequest, kInvalidRequest,
                              message.empty() ? "Stripe refused the request." : "Stripe: " + message, detail);
        if (!param.empty()) error.with_fields({{param, message}});
        return error;
    }
    return AppError(ErrorKind::Unavailable, kUnavailable,
                    "The payment provider is unavailable; try again later.", detail);
}

bool should_retry(long status, std::string_view should_retry_header) {
    if (should_retry_header == "false") return false;
    if (should_retry_header == "true") return true;
    return status == 0 || status == 409 || status == 429 || status >= 500;
}

}  // namespace bh::stripe
