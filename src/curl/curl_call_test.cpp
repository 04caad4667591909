// CurlOutcome's header lookup, and how a transport failure is reported (no server needed: nothing
// listens on loopback port 1).
#include "curl/curl_call.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace bh::curl {
namespace {

using namespace std::chrono_literals;

TEST(CurlOutcomeHeader, FindsTheFirstMatchIgnoringCase) {
    CurlOutcome outcome;
    outcome.headers = {
        {"Content-Type", "application/json"}, {"Request-Id", "req_1"}, {"request-id", "req_2"}};
    EXPECT_EQ(outcome.header("request-id"), "req_1");
    EXPECT_EQ(outcome.header("CONTENT-TYPE"), "application/json");
    EXPECT_EQ(outcome.header("Stripe-Should-Retry"), std::nullopt);
    EXPECT_EQ(outcome.header("Request-I"), std::nullopt);
}

TEST(Perform, AConnectionRefusedIsUnavailableAndNamesTheService) {
    CurlCall call;
    call.service = "Stripe";
    call.method = "POST";
    call.url = "http://127.0.0.1:1/v1/charges";
    const std::string body = "amount=1";
    call.body = &body;
    call.timeout = 2s;
    try {
        perform(call);
        FAIL() << "something answered on port 1";
    } catch (const AppError& error) {
        EXPECT_EQ(error.kind(), ErrorKind::Unavailable);
        EXPECT_EQ(error.public_message(), "Stripe is unavailable");
        EXPECT_NE(error.detail().find("Stripe POST"), std::string::npos) << error.detail();
    }
}

}  // namespace
}  // namespace bh::curl
