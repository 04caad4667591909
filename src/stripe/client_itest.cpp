// Client against a scripted local server: which answers are retried (with the same Idempotency-Key),
// which are not, the deadline over all attempts, the headers sent, and what the log never shows.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <boost/asio/thread_pool.hpp>
#include <sstream>

#include "stripe/api.h"
#include "stripe/client.h"
#include "stripe/errors.h"
#include "stripe/stripe_test_support.h"

namespace bh::stripe {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using testing::ReceivedRequest;
using testing::run;
using testing::ScriptedAnswer;
using testing::ScriptedServer;

const std::string kIntent = R"({"id":"pi_1","object":"payment_intent","status":"requires_payment_method"})";
const std::string kServerError = R"({"error":{"type":"api_error","message":"Something went wrong"}})";

ClientOptions options_for(const std::string& base_url) {
    ClientOptions options;
    options.base_url = base_url;
    options.secret_key = "sk_test_client_itest_key";
    options.api_version = "2026-08-26.clover";
    options.timeout = 5s;
    options.max_attempts = 3;
    options.retry_base_delay = 10ms;
    options.connect_timeout = 1s;
    return options;
}

class ClientRetryTest : public ::testing::Test {
  protected:
    boost::json::object post(const std::string& base_url, ClientOptions options) {
        options.base_url = base_url;
        Client client(options, pool_);
        const Form form{{"amount", "100"}, {"currency", "eur"}};
        return run(io_, client.post("/v1/payment_intents", form, "key-1"));
    }
    boost::json::object post(const std::string& base_url) { return post(base_url, options_for(base_url)); }

    // The StripeError a POST ends with.
    StripeError failure_of(const std::string& base_url, ClientOptions options) {
        try {
            post(base_url, std::move(options));
        } catch (const StripeError& error) {
            return error;
        }
        ADD_FAILURE() << "expected a StripeError";
        return network_failure("none");
    }
    StripeError failure_of(const std::string& base_url) {
        return failure_of(base_url, options_for(base_url));
    }

    asio::io_context io_;
    asio::thread_pool pool_{2};
};

void expect_same_idempotent_post(const std::vector<ReceivedRequest>& received) {
    for (const auto& request : received) {
        EXPECT_EQ(request.method, "POST");
        EXPECT_EQ(request.target, "/v1/payment_intents");
        EXPECT_EQ(request.headers.at("idempotency-key"), "key-1");
        EXPECT_EQ(request.body, "amount=100&currency=eur");
    }
}

TEST_F(ClientRetryTest, A500ThenA200IsRetriedWithTheSameIdempotencyKey) {
    ScriptedServer server({{500, kServerError}, {200, kIntent}});
    const auto answer = post(server.base_url());
    EXPECT_EQ(answer.at("id").as_string(), "pi_1");
    const auto received = server.received();
    ASSERT_EQ(received.size(), 2U);
    expect_same_idempotent_post(received);
}

TEST_F(ClientRetryTest, A429ThenA200IsRetriedWithTheSameIdempotencyKey) {
    ScriptedServer server(
        {{429, R"({"error":{"type":"invalid_request_error","code":"rate_limit"}})"}, {200, kIntent}});
    EXPECT_EQ(post(server.base_url()).at("id").as_string(), "pi_1");
    const auto received = server.received();
    ASSERT_EQ(received.size(), 2U);
    expect_same_idempotent_post(received);
}

TEST_F(ClientRetryTest, A409IsRetried) {
    ScriptedServer server(
        {{409, R"({"error":{"type":"invalid_request_error","code":"lock_timeout"}})"}, {200, kIntent}});
    EXPECT_EQ(post(server.base_url()).at("id").as_string(), "pi_1");
    EXPECT_EQ(server.received().size(), 2U);
}

TEST_F(ClientRetryTest, SendsStripesHeaders) {
    ScriptedServer server({{200, kIntent}});
    post(server.base_url());
    const auto received = server.received();
    ASSERT_EQ(received.size(), 1U);
    const auto& headers = received[0].headers;
    EXPECT_EQ(headers.at("authorization"), "Bearer sk_test_client_itest_key");
    EXPECT_EQ(headers.at("stripe-version"), "2026-08-26.clover");
    EXPECT_EQ(headers.at("content-type"), "application/x-www-form-urlencoded");
    EXPECT_EQ(headers.at("idempotency-key"), "key-1");
    EXPECT_EQ(headers.at("content-length"), "23");
    EXPECT_EQ(headers.count("expect"), 0U);
}

TEST_F(ClientRetryTest, A400IsNotRetried) {
    ScriptedServer server(
        {{400,
          R"({"error":{"type":"invalid_request_error","code":"parameter_unknown","param":"foo","message":"Received unknown parameter: foo"}})",
          {{"Request-Id", "req_400"}}},
         {200, kIntent}});
    const StripeError error = failure_of(server.base_url());
    EXPECT_EQ(error.kind(), ErrorKind::BadRequest);
    EXPECT_EQ(error.code(), errc::kInvalidRequest);
    EXPECT_EQ(error.http_status(), 400);
    EXPECT_EQ(error.param(), "foo");
    EXPECT_EQ(error.request_id(), "req_400");
    EXPECT_EQ(server.received().size(), 1U);
}

TEST_F(ClientRetryTest, A402IsNotRetried) {
    ScriptedServer server(
        {{402,
          R"({"error":{"type":"card_error","code":"card_declined","decline_code":"generic_decline","message":"Your card was declined."}})"},
         {200, kIntent}});
    const StripeError error = failure_of(server.base_url());
    EXPECT_EQ(error.kind(), ErrorKind::Conflict);
    EXPECT_EQ(error.code(), errc::kPaymentDeclined);
    EXPECT_EQ(error.public_message(), "Your card was declined.");
    EXPECT_EQ(error.decline_code(), "generic_decline");
    EXPECT_EQ(server.received().size(), 1U);
}

TEST_F(ClientRetryTest, StripeShouldRetryFalseStopsRetries) {
    ScriptedServer server({{500, kServerError, {{"Stripe-Should-Retry", "false"}}}, {200, kIntent}});
    const StripeError error = failure_of(server.base_url());
    EXPECT_EQ(error.kind(), ErrorKind::Unavailable);
    EXPECT_EQ(server.received().size(), 1U);
}

TEST_F(ClientRetryTest, GivesUpAfterTheLastAttempt) {
    ScriptedServer server({{503, kServerError}});
    const StripeError error = failure_of(server.base_url());
    EXPECT_EQ(error.kind(), ErrorKind::Unavailable);
    EXPECT_EQ(error.code(), errc::kUnavailable);
    EXPECT_EQ(error.http_status(), 503);
    const auto received = server.received();
    ASSERT_EQ(received.size(), 3U);
    expect_same_idempotent_post(received);
}

TEST_F(ClientRetryTest, OneAttemptMeansNoRetry) {
    ScriptedServer server({{500, kServerError}, {200, kIntent}});
    auto options = options_for(server.base_url());
    options.max_attempts = 1;
    EXPECT_EQ(failure_of(server.base_url(), options).kind(), ErrorKind::Unavailable);
    EXPECT_EQ(server.received().size(), 1U);
}

TEST_F(ClientRetryTest, NetworkFailuresAreRetriedThenUnavailable) {
    std::string closed_url;
    {
        ScriptedServer gone({ScriptedAnswer()});
        closed_url = gone.base_url();
    }  // nobody listens there any more: connection refused
    const auto started = std::chrono::steady_clock::now();
    const StripeError error = failure_of(closed_url);
    EXPECT_EQ(error.kind(), ErrorKind::Unavailable);
    EXPECT_EQ(error.code(), errc::kUnavailable);
    EXPECT_EQ(error.http_status(), 0);
    // Two backoffs: at least 5 ms + 10 ms (half of 10 ms and of 20 ms).
    EXPECT_GE(std::chrono::steady_clock::now() - started, 15ms);
}

TEST_F(ClientRetryTest, TheDeadlineCoversAllAttempts) {
    ScriptedServer server({{200, kIntent, {}, 1500ms}});
    auto options = options_for(server.base_url());
    options.timeout = 300ms;
    const auto started = std::chrono::steady_clock::now();
    const StripeError error = failure_of(server.base_url(), options);
    const auto elapsed = std::chrono::steady_clock::now() - started;
    EXPECT_EQ(error.kind(), ErrorKind::Timeout);
    EXPECT_EQ(error.code(), errc::kTimeout);
    EXPECT_LT(elapsed, 1200ms);
    EXPECT_EQ(server.received().size(), 1U);
}

TEST_F(ClientRetryTest, NoRetryWhenTheBackoffWouldPassTheDeadline) {
    ScriptedServer server({{503, kServerError}});
    auto options = options_for(server.base_url());
    options.timeout = 1s;
    options.retry_base_delay = 5s;
    const StripeError error = failure_of(server.base_url(), options);
    EXPECT_EQ(error.kind(), ErrorKind::Unavailable);
    EXPECT_EQ(server.received().size(), 1U);
}

TEST_F(ClientRetryTest, AnAnswerThatIsNotJsonIsUnavailable) {
    ScriptedServer server({{200, "<html>proxy</html>"}});
    EXPECT_EQ(failure_of(server.base_url()).kind(), ErrorKind::Unavailable);
}

TEST_F(ClientRetryTest, GetEncodesTheQueryAndSendsNoIdempotencyKey) {
    ScriptedServer server({{200, R"({"object":"list","data":[]})"}});
    Client client(options_for(server.base_url()), pool_);
    const Form query{{"email", "a+b@c.d"}, {"limit", "1"}};
    run(io_, client.get("/v1/customers", query));
    const auto received = server.received();
    ASSERT_EQ(received.size(), 1U);
    EXPECT_EQ(received[0].method, "GET");
    EXPECT_EQ(received[0].target, "/v1/customers?email=a%2Bb%40c.d&limit=1");
    EXPECT_EQ(received[0].headers.count("idempotency-key"), 0U);
    EXPECT_EQ(received[0].headers.at("authorization"), "Bearer sk_test_client_itest_key");
}

TEST_F(ClientRetryTest, APostWithoutIdempotencyKeyIsRefusedBeforeSending) {
    ScriptedServer server({{200, kIntent}});
    Client client(options_for(server.base_url()), pool_);
    EXPECT_THROW(run(io_, client.post("/v1/payment_intents", Form{}, "")), AppError);
    EXPECT_TRUE(server.received().empty());
}

TEST_F(ClientRetryTest, FindOrCreateCustomerFallsBackToTheListWhenSearchIs404) {
    ScriptedServer server({{404, "Not Found"},
                           {200, R"({"object":"list","data":[]})"},
                           {200, R"({"id":"cus_new","email":"o'neil@b.c"})"}});
    Client client(options_for(server.base_url()), pool_);
    const Customer customer = run(io_, find_or_create_customer(client, "o'neil@b.c", "customer-key"));
    EXPECT_EQ(customer.id, "cus_new");
    const auto received = server.received();
    ASSERT_EQ(received.size(), 3U);
    EXPECT_EQ(received[0].target, "/v1/customers/search?query=email%3A%27o%5C%27neil%40b.c%27&limit=1");
    EXPECT_EQ(received[1].target, "/v1/customers?email=o%27neil%40b.c&limit=1");
    EXPECT_EQ(received[2].method, "POST");
    EXPECT_EQ(received[2].target, "/v1/customers");
    EXPECT_EQ(received[2].body, "email=o%27neil%40b.c");
    EXPECT_EQ(received[2].headers.at("idempotency-key"), "customer-key");
}

TEST_F(ClientRetryTest, FindOrCreateCustomerUsesTheFirstSearchHit) {
    ScriptedServer server({{200, R"({"object":"search_result","data":[{"id":"cus_1","email":"a@b.c"}]})"}});
    Client client(options_for(server.base_url()), pool_);
    const Customer customer = run(io_, find_or_create_customer(client, "a@b.c", "customer-key"));
    EXPECT_EQ(customer.id, "cus_1");
    EXPECT_EQ(server.received().size(), 1U);
}

TEST_F(ClientRetryTest, TheLogShowsPathStatusAndRequestIdButNoSecretOrCardData) {
    std::ostringstream captured;
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
    auto logger = std::make_shared<spdlog::logger>("capture", sink);
    logger->set_level(spdlog::level::trace);
    logger->set_pattern("%l %v");  // no timestamp whose digits could look like a CVC
    const auto previous = spdlog::default_logger();
    spdlog::set_default_logger(logger);

    ScriptedServer server(
        {{500, kServerError, {{"Request-Id", "req_first"}}},
         {402,
          R"({"error":{"type":"card_error","code":"incorrect_cvc","message":"Your card's security code is incorrect."}})",
          {{"Request-Id", "req_second"}}}});
    Client client(options_for(server.base_url()), pool_);
    const CardDetails card{.number = "4000000000000127", .exp_month = 12, .exp_year = 2031, .cvc = "987"};
    EXPECT_THROW(run(io_, create_card_token(client, card, "token-key")), StripeError);
    spdlog::set_default_logger(previous);

    const std::string log = captured.str();
    EXPECT_NE(log.find("/v1/tokens"), std::string::npos) << log;
    EXPECT_NE(log.find("req_first"), std::string::npos) << log;
    EXPECT_NE(log.find("req_second"), std::string::npos) << log;
    EXPECT_NE(log.find("500"), std::string::npos) << log;
    EXPECT_EQ(log.find("sk_test_client_itest_key"), std::string::npos) << log;
    EXPECT_EQ(log.find("4000000000000127"), std::string::npos) << log;
    EXPECT_EQ(log.find("987"), std::string::npos) << log;
    EXPECT_EQ(server.received().size(), 2U);
}

}  // namespace
}  // namespace bh::stripe
