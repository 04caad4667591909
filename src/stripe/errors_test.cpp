// The one mapping from Stripe's answers to StripeError, as a table, and secret redaction.
#include "stripe/errors.h"

#include <gtest/gtest.h>

namespace bh::stripe {
namespace {

std::string error_json(std::string_view type, std::string_view code = "", std::string_view message = "") {
    std::string body = R"({"error":{"type":")" + std::string(type) + "\"";
    if (!code.empty()) body += R"(,"code":")" + std::string(code) + "\"";
    if (!message.empty()) body += R"(,"message":")" + std::string(message) + "\"";
    return body + "}}";
}

struct MappingCase {
    int status;
    std::string body;
    ErrorKind kind;
    std::string code;
};

TEST(ErrorFromResponse, MapsStatusAndTypeToKindAndCode) {
    const std::vector<MappingCase> cases{
        {402, error_json("card_error", "card_declined", "Your card was declined."), ErrorKind::Conflict,
         errc::kPaymentDeclined},
        {402, "", ErrorKind::Conflict, errc::kPaymentDeclined},
        {400, error_json("card_error", "incorrect_number"), ErrorKind::Conflict, errc::kPaymentDeclined},
        {400, error_json("invalid_request_error", "parameter_missing"), ErrorKind::BadRequest,
         errc::kInvalidRequest},
        {404, error_json("invalid_request_error", "resource_missing"), ErrorKind::NotFound,
         errc::kInvalidRequest},
        {400, error_json("idempotency_error"), ErrorKind::Conflict, errc::kIdempotencyConflict},
        {409, error_json("idempotency_error"), ErrorKind::Conflict, errc::kIdempotencyConflict},
        {409, error_json("invalid_request_error", "lock_timeout"), ErrorKind::Unavailable,
         errc::kUnavailable},
        {401, error_json("invalid_request_error", "", "Invalid API Key provided: sk_test_****1234"),
         ErrorKind::Unavailable, errc::kUnavailable},
        {403, error_json("invalid_request_error"), ErrorKind::Unavailable, errc::kUnavailable},
        {429, error_json("invalid_request_error", "rate_limit"), ErrorKind::Unavailable, errc::kUnavailable},
        {500, error_json("api_error"), ErrorKind::Unavailable, errc::kUnavailable},
        {503, "<html>bad gateway</html>", ErrorKind::Unavailable, errc::kUnavailable},
        {422, "not json", ErrorKind::BadRequest, errc::kInvalidRequest},
        {302, "", ErrorKind::Unavailable, errc::kUnavailable},
    };
    for (const auto& c : cases) {
        const StripeError error = error_from_response(c.status, c.body, "req_1", "POST /v1/x");
        EXPECT_EQ(error.kind(), c.kind) << c.status << " " << c.body;
        EXPECT_EQ(error.code(), c.code) << c.status << " " << c.body;
        EXPECT_EQ(error.http_status(), c.status);
        EXPECT_EQ(error.request_id(), "req_1");
    }
}

TEST(ErrorFromResponse, KeepsStripeFieldsAndShowsCardMessages) {
    const std::string body =
        R"({"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds",)"
        R"("message":"Your card has insufficient funds.","param":"payment_method","charge":"ch_1"}})";
    const StripeError error =
        error_from_response(402, body, "req_9", "POST /v1/payment_intents/pi_1/confirm");
    EXPECT_EQ(error.type(), "card_error");
    EXPECT_EQ(error.stripe_code(), "card_declined");
    EXPECT_EQ(error.decline_code(), "insufficient_funds");
    EXPECT_EQ(error.param(), "payment_method");
    EXPECT_EQ(error.stripe_message(), "Your card has insufficient funds.");
    EXPECT_EQ(error.public_message(), "Your card has insufficient funds.");
    EXPECT_NE(error.detail().find("req_9"), std::string::npos);
    EXPECT_NE(error.detail().find("insufficient_funds"), std::string::npos);
    EXPECT_NE(error.detail().find("POST /v1/payment_intents/pi_1/confirm"), std::string::npos);
}

TEST(ErrorFromResponse, InvalidRequestShowsStripesMessage) {
    const StripeError error = error_from_response(
        404, error_json("invalid_request_error", "resource_missing", "No such payment_intent"));
    EXPECT_EQ(error.public_message(), "No such payment_intent");
}

TEST(ErrorFromResponse, AuthenticationFailureNeverShowsTheKey) {
    const StripeError error = error_from_response(
        401, error_json("invalid_request_error", "", "Invalid API Key provided: sk_test_abcdEFGH1234"));
    EXPECT_EQ(error.public_message().find("sk_"), std::string::npos);
    EXPECT_EQ(error.detail().find("sk_test_abcdEFGH1234"), std::string::npos);
    EXPECT_NE(error.detail().find("[redacted]"), std::string::npos);
    EXPECT_EQ(error.stripe_message(), "Invalid API Key provided: [redacted]");
}

TEST(TransportFailures, AreUnavailableOrTimeout) {
    const StripeError down = network_failure("POST /v1/refunds: Connection refused");
    EXPECT_EQ(down.kind(), ErrorKind::Unavailable);
    EXPECT_EQ(down.code(), errc::kUnavailable);
    EXPECT_EQ(down.http_status(), 0);
    const StripeError slow = deadline_exceeded("POST /v1/refunds: timed out");
    EXPECT_EQ(slow.kind(), ErrorKind::Timeout);
    EXPECT_EQ(slow.code(), errc::kTimeout);
}

TEST(ParseErrorBody, ToleratesNullsAndGarbage) {
    const auto parsed = parse_error_body(R"({"error":{"type":"api_error","code":null,"message":7}})");
    EXPECT_EQ(parsed.type, "api_error");
    EXPECT_EQ(parsed.code, "");
    EXPECT_EQ(parsed.message, "");
    EXPECT_EQ(parse_error_body("[]").type, "");
    EXPECT_EQ(parse_error_body(R"({"error":"x"})").type, "");
    EXPECT_EQ(parse_error_body("{").type, "");
}

TEST(RedactSecrets, ReplacesKeyShapedWords) {
    EXPECT_EQ(redact_secrets("key sk_live_ABC123 and rk_test_x, whsec_abc."),
              "key [redacted] and [redacted], [redacted].");
    EXPECT_EQ(redact_secrets("Authorization: Bearer sk_test_1"), "Authorization: [redacted]");
    EXPECT_EQ(redact_secrets("task_1 risk_level desk_2"), "task_1 risk_level desk_2");
    EXPECT_EQ(redact_secrets("sk_test_****1234"), "[redacted]");
}

}  // namespace
}  // namespace bh::stripe
