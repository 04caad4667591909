// Unit tests of the Stripe client's pure parts: form encoding, error mapping, retry decisions and
// webhook signatures.
#include <gtest/gtest.h>

#include "stripe/error.h"
#include "stripe/form.h"
#include "stripe/webhook.h"

namespace bh::stripe {
namespace {

using namespace std::chrono_literals;

TEST(StripeForm, EncodesBracketsSpacesAndUnicode) {
    const Form form{{"metadata[items]", "a b&c=d+e"}, {"description", "Cadeiras ção"}, {"amount", "100"}};
    EXPECT_EQ(encode_form(form),
              "metadata%5Bitems%5D=a%20b%26c%3Dd%2Be&description=Cadeiras%20%C3%A7%C3%A3o&amount=100");
    EXPECT_EQ(encode_form({}), "");
    EXPECT_EQ(percent_encode("-._~"), "-._~");
}

TEST(StripeErrors, OneMappingForEveryAnswer) {
    const auto declined = error_from_response(
        402, R"({"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds",
                 "message":"Your card has insufficient funds."}})");
    EXPECT_EQ(declined.kind(), ErrorKind::Conflict);
    EXPECT_EQ(declined.code(), kDeclined);
    EXPECT_NE(declined.public_message().find("insufficient funds"), std::string::npos);
    const auto invalid = error_from_response(
        400, R"({"error":{"type":"invalid_request_error","param":"amount","message":"Invalid integer"}})");
    EXPECT_EQ(invalid.kind(), ErrorKind::BadRequest);
    EXPECT_EQ(invalid.field_errors().at(0).field, "amount");
    EXPECT_EQ(error_from_response(404, R"({"error":{"type":"invalid_request_error"}})").kind(),
              ErrorKind::NotFound);
    EXPECT_EQ(error_from_response(409, "{}").code(), kIdempotencyConflict);
    // Our key refused: the caller did nothing wrong, and the key is never echoed.
    const auto unauthorized = error_from_response(
        401, R"({"error":{"type":"invalid_request_error","message":"Invalid API Key sk_test_x"}})");
    EXPECT_EQ(unauthorized.kind(), ErrorKind::Unavailable);
    EXPECT_EQ(unauthorized.public_message().find("sk_test"), std::string::npos);
    EXPECT_EQ(error_from_response(500, "<html>").kind(), ErrorKind::Unavailable);
    EXPECT_EQ(error_from_response(429, "").kind(), ErrorKind::Unavailable);
}

TEST(StripeErrors, RetriesOnlyWhatMaySucceedLater) {
    EXPECT_TRUE(should_retry(0, ""));  // no answer at all
    EXPECT_TRUE(should_retry(409, ""));
    EXPECT_TRUE(should_retry(429, ""));
    EXPECT_TRUE(should_retry(500, ""));
    EXPECT_TRUE(should_retry(503, ""));
    EXPECT_FALSE(should_retry(400, ""));
    EXPECT_FALSE(should_retry(402, ""));
    EXPECT_FALSE(should_retry(404, ""));
    EXPECT_FALSE(should_retry(500, "false"));
    EXPECT_TRUE(should_retry(400, "true"));
}

class StripeWebhook : public ::testing::Test {
  protected:
    const std::string payload = R"({"id":"evt_1","type":"payment_intent.succeeded","created":1,)"
                                R"("data":{"object":{"id":"pi_1","status":"succeeded"}}})";
    const std::vector<std::string> secrets = {"whsec_old", "whsec_new"};
    const std::chrono::system_clock::time_point now{std::chrono::seconds(1'800'000'000)};
    const std::int64_t t = 1'800'000'000;

    std::string refusal(std::string_view body, std::string_view header) {
        try {
            verify_webhook(body, header, secrets, now, 300s);
        } catch (const AppError& e) {
            EXPECT_EQ(e.kind(), ErrorKind::BadRequest);
            return e.code();
        }
        return "accepted";
    }
};

TEST_F(StripeWebhook, AcceptsEitherSecretAndAnyV1) {
    const auto event = verify_webhook(payload, sign_webhook(payload, "whsec_new", t), secrets, now, 300s);
    EXPECT_EQ(event.id, "evt_1");
    EXPECT_EQ(event.type, "payment_intent.succeeded");
    EXPECT_EQ(event.data_object.at("id").as_string(), "pi_1");
    EXPECT_EQ(refusal(payload, sign_webhook(payload, "whsec_old", t)), "accepted");
    const auto good = sign_webhook(payload, "whsec_old", t);
    const auto v1 = good.substr(good.find("v1="));
    EXPECT_EQ(refusal(payload, "t=" + std::to_string(t) + ",v1=deadbeef," + v1 + ",v0=abc"), "accepted");
}

TEST_F(StripeWebhook, RefusesForgedStaleFutureAndMalformed) {
    EXPECT_EQ(refusal(payload, sign_webhook(payload, "whsec_other", t)), "INVALID_STRIPE_SIGNATURE");
    EXPECT_EQ(refusal(payload + " ", sign_webhook(payload, "whsec_new", t)), "INVALID_STRIPE_SIGNATURE");
    EXPECT_EQ(refusal(payload, sign_webhook(payload, "whsec_new", t - 301)), "INVALID_STRIPE_SIGNATURE");
    EXPECT_EQ(refusal(payload, sign_webhook(payload, "whsec_new", t + 301)), "INVALID_STRIPE_SIGNATURE");
    EXPECT_EQ(refusal(payload, sign_webhook(payload, "whsec_new", t - 299)), "accepted");
    EXPECT_EQ(refusal(payload, ""), "INVALID_STRIPE_SIGNATURE");
    EXPECT_EQ(refusal(payload, "v1=abc"), "INVALID_STRIPE_SIGNATURE");
    EXPECT_EQ(refusal(payload, "t=" + std::to_string(t)), "INVALID_STRIPE_SIGNATURE");
    EXPECT_EQ(refusal(payload, "t=12x,v1=abc"), "INVALID_STRIPE_SIGNATURE");
    const std::string not_event = R"({"id":"evt_2"})";
    EXPECT_EQ(refusal(not_event, sign_webhook(not_event, "whsec_new", t)), "INVALID_STRIPE_EVENT");
    EXPECT_THROW(verify_webhook(payload, sign_webhook(payload, "whsec_new", t), {}, now, 300s), AppError);
}

}  // namespace
}  // namespace bh::stripe
