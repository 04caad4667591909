// Webhook signature verification: good signatures (one or two secrets, several v1), and every way a
// delivery must be refused (stale, future, tampered, missing or malformed parts, bad body).
#include "stripe/webhook.h"

#include <gtest/gtest.h>

#include <vector>

#include "core/error.h"
#include "security/digest.h"
#include "stripe/errors.h"

namespace bh::stripe {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::system_clock;

const std::string kPayload =
    R"({"id":"evt_1","type":"payment_intent.succeeded","data":{"object":{"id":"pi_1"}}})";
const std::string kSecret = "whsec_test_secret";
const Clock::time_point kSignedAt = Clock::time_point(1'700'000'000s);
// HMAC-SHA256("whsec_test_secret", "1700000000." + kPayload), computed independently (Python hmac).
const std::string kExpectedV1 = "e82e2723b86d3a69bfeb5e77763034e00649f4d95f4a1ea5e1d18afdef323945";

std::string refusal_code(std::string_view payload, std::string_view header,
                         const std::vector<std::string>& secrets, Clock::time_point now = kSignedAt) {
    try {
        verify_webhook(payload, header, secrets, now, 300s);
    } catch (const AppError& error) {
        EXPECT_EQ(error.kind(), ErrorKind::BadRequest);
        EXPECT_FALSE(error.public_message().empty());
        return error.code();
    }
    return "accepted";
}

TEST(SignWebhook, MatchesStripesScheme) {
    EXPECT_EQ(sign_webhook(kPayload, kSecret, kSignedAt), "t=1700000000,v1=" + kExpectedV1);
}

TEST(VerifyWebhook, AcceptsAValidSignatureAndParsesTheEvent) {
    const std::vector<std::string> secrets{kSecret};
    const Event event =
        verify_webhook(kPayload, sign_webhook(kPayload, kSecret, kSignedAt), secrets, kSignedAt + 299s, 300s);
    EXPECT_EQ(event.id, "evt_1");
    EXPECT_EQ(event.type, "payment_intent.succeeded");
    EXPECT_EQ(event.data_object.at("id").as_string(), "pi_1");
    EXPECT_FALSE(event.previous_attributes.has_value());
}

TEST(VerifyWebhook, AcceptsAnyOfTwoSecrets) {
    const std::vector<std::string> secrets{"whsec_new", kSecret};
    EXPECT_EQ(refusal_code(kPayload, sign_webhook(kPayload, kSecret, kSignedAt), secrets), "accepted");
    EXPECT_EQ(refusal_code(kPayload, sign_webhook(kPayload, "whsec_new", kSignedAt), secrets), "accepted");
}

// Found by fuzz/stripe_webhook (fuzz/regressions/stripe_webhook/): a correctly signed t far in the
// future overflowed its conversion to nanoseconds (undefined behaviour) instead of being refused.
// 20146744074 (year 2608) is kSignedAt + 2^64 ns rounded up to a second: wrapped, it looked 0.3 s old.
TEST(VerifyWebhook, RefusesTimestampsBeyondAnyClock) {
    for (const std::string t : {"20146744074", "99999999999999", "9223372036854775807", "17880000000"}) {
        std::string signed_payload = t;
        signed_payload.append(".").append(kPayload);
        std::string header = "t=" + t;
        header.append(",v1=").append(security::hmac_sha256(kSecret, signed_payload));
        EXPECT_EQ(refusal_code(kPayload, header, {kSecret}), errc::kInvalidSignature) << t;
    }
}

TEST(VerifyWebhook, AcceptsAnyOfSeveralV1AndIgnoresV0) {
    const std::string header = "t=1700000000, v1=" + std::string(64, 'a') + ",v1=" + kExpectedV1 +
                               ",v0=" + std::string(64, 'b') + ",scheme=x";
    EXPECT_EQ(refusal_code(kPayload, header, {kSecret}), "accepted");
}

TEST(VerifyWebhook, AcceptsUpperCaseHex) {
    std::string upper = kExpectedV1;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(refusal_code(kPayload, "t=1700000000,v1=" + upper, {kSecret}), "accepted");
}

TEST(VerifyWebhook, RefusesStaleAndFutureTimestamps) {
    const std::string header = sign_webhook(kPayload, kSecret, kSignedAt);
    EXPECT_EQ(refusal_code(kPayload, header, {kSecret}, kSignedAt + 301s), errc::kInvalidSignature);
    EXPECT_EQ(refusal_code(kPayload, header, {kSecret}, kSignedAt - 301s), errc::kInvalidSignature);
    EXPECT_EQ(refusal_code(kPayload, header, {kSecret}, kSignedAt + 300s), "accepted");
    EXPECT_EQ(refusal_code(kPayload, header, {kSecret}, kSignedAt - 300s), "accepted");
}

TEST(VerifyWebhook, RefusesATamperedPayloadOrTimestamp) {
    const std::string header = sign_webhook(kPayload, kSecret, kSignedAt);
    std::string tampered = kPayload;
    tampered.replace(tampered.find("pi_1"), 4, "pi_2");
    EXPECT_EQ(refusal_code(tampered, header, {kSecret}), errc::kInvalidSignature);
    EXPECT_EQ(refusal_code(kPayload + " ", header, {kSecret}), errc::kInvalidSignature);
    EXPECT_EQ(refusal_code(kPayload, "t=1700000001,v1=" + kExpectedV1, {kSecret}, kSignedAt),
              errc::kInvalidSignature);
}

TEST(VerifyWebhook, RefusesTheWrongSecretAndNoSecretAtAll) {
    const std::string header = sign_webhook(kPayload, kSecret, kSignedAt);
    EXPECT_EQ(refusal_code(kPayload, header, {"whsec_other"}), errc::kInvalidSignature);
    EXPECT_EQ(refusal_code(kPayload, header, {}), errc::kInvalidSignature);
    EXPECT_EQ(refusal_code(kPayload, header, {""}), errc::kInvalidSignature);
    // The prefix is part of the key, as Stripe signs.
    EXPECT_EQ(refusal_code(kPayload, header, {"test_secret"}), errc::kInvalidSignature);
}

TEST(VerifyWebhook, RefusesMissingOrMalformedHeaderParts) {
    const std::vector<std::string> secrets{kSecret};
    const std::string v1 = "v1=" + kExpectedV1;
    const std::vector<std::string> headers{"",
                                           "  ",
                                           v1,
                                           "t=1700000000",
                                           "t=1700000000,v0=ab",
                                           "t=," + v1,
                                           "t=17x," + v1,
                                           "t=-5," + v1,
                                           "t=1700000000,t=1700000000," + v1,
                                           "t=1700000000,v1=zz" + kExpectedV1.substr(2),
                                           "t=1700000000,v1=abc",
                                           "garbage"};
    for (const auto& header : headers) {
        EXPECT_EQ(refusal_code(kPayload, header, secrets), errc::kInvalidSignature) << "header: " << header;
    }
}

TEST(VerifyWebhook, RefusesASignedBodyThatIsNotAnEvent) {
    const std::vector<std::string> secrets{kSecret};
    const std::vector<std::string> bodies{"[]",
                                          "{",
                                          R"({"type":"x","data":{"object":{}}})",
                                          R"({"id":"evt_1","data":{"object":{}}})",
                                          R"({"id":"evt_1","type":"x","data":{}})",
                                          R"({"id":"evt_1","type":"x","data":{"object":"pi_1"}})",
                                          R"({"id":"evt_1","type":"x"})"};
    for (const auto& body : bodies) {
        EXPECT_EQ(refusal_code(body, sign_webhook(body, kSecret, kSignedAt), secrets), errc::kInvalidEvent)
            << body;
    }
}

TEST(ParseEvent, ReadsEveryField) {
    const Event event =
        parse_event(R"({"id":"evt_2","object":"event","type":"charge.updated","created":1700000123,
        "livemode":true,"api_version":"2026-08-26.clover",
        "data":{"object":{"id":"ch_1","receipt_url":"https://r"},"previous_attributes":{"receipt_url":null}}})");
    EXPECT_EQ(event.id, "evt_2");
    EXPECT_EQ(event.type, "charge.updated");
    EXPECT_EQ(event.created, 1700000123);
    EXPECT_TRUE(event.livemode);
    EXPECT_EQ(event.api_version, "2026-08-26.clover");
    EXPECT_EQ(event.data_object.at("receipt_url").as_string(), "https://r");
    ASSERT_TRUE(event.previous_attributes.has_value());
    EXPECT_TRUE(event.previous_attributes->at("receipt_url").is_null());
}

TEST(ParseEvent, ToleratesNullApiVersionAndMissingExtras) {
    const Event event = parse_event(R"({"id":"evt_3","type":"x.y","api_version":null,"data":{"object":{}}})");
    EXPECT_EQ(event.api_version, "");
    EXPECT_EQ(event.created, 0);
    EXPECT_FALSE(event.livemode);
}

}  // namespace
}  // namespace bh::stripe
