// The retry policy as a table: what is tried again, and how long the waits are.
#include "stripe/retry.h"

#include <gtest/gtest.h>

namespace bh::stripe {
namespace {

using std::chrono::milliseconds;

struct RetryCase {
    int status;
    std::optional<bool> header;
    bool retried;
};

TEST(ShouldRetry, OnlyNetworkFailures409429And5xxUnlessStripeSaysNo) {
    const std::vector<RetryCase> cases{
        {0, std::nullopt, true},    {409, std::nullopt, true},  {429, std::nullopt, true},
        {500, std::nullopt, true},  {502, std::nullopt, true},  {503, std::nullopt, true},
        {599, std::nullopt, true},  {400, std::nullopt, false}, {401, std::nullopt, false},
        {402, std::nullopt, false}, {403, std::nullopt, false}, {404, std::nullopt, false},
        {200, std::nullopt, false}, {302, std::nullopt, false}, {500, false, false},
        {429, false, false},        {409, false, false},        {0, false, false},
        {500, true, true},          {400, true, false},         {402, true, false},
    };
    for (const auto& c : cases) {
        const AttemptResult result{.http_status = c.status, .stripe_should_retry = c.header};
        EXPECT_EQ(should_retry(result), c.retried)
            << c.status << " header " << (c.header ? (*c.header ? "true" : "false") : "none");
    }
}

TEST(ParseShouldRetry, ReadsTrueAndFalseOnly) {
    EXPECT_EQ(parse_should_retry("true"), true);
    EXPECT_EQ(parse_should_retry(" False "), false);
    EXPECT_EQ(parse_should_retry("TRUE"), true);
    EXPECT_EQ(parse_should_retry(""), std::nullopt);
    EXPECT_EQ(parse_should_retry("1"), std::nullopt);
}

TEST(BackoffDelay, DoublesWithJitterBetweenHalfAndAll) {
    const milliseconds base{200};
    EXPECT_EQ(backoff_delay(1, base, 0.0), milliseconds(100));
    EXPECT_EQ(backoff_delay(1, base, 1.0), milliseconds(200));
    EXPECT_EQ(backoff_delay(2, base, 0.0), milliseconds(200));
    EXPECT_EQ(backoff_delay(2, base, 0.5), milliseconds(300));
    EXPECT_EQ(backoff_delay(3, base, 1.0), milliseconds(800));
    for (double jitter : {0.0, 0.1, 0.37, 0.99}) {
        const auto d = backoff_delay(4, base, jitter);
        EXPECT_GE(d, milliseconds(800));
        EXPECT_LE(d, milliseconds(1600));
    }
}

TEST(BackoffDelay, IsCappedAndNeverNegative) {
    EXPECT_EQ(backoff_delay(60, milliseconds(1000), 1.0), milliseconds(3'600'000));
    EXPECT_EQ(backoff_delay(0, milliseconds(200), 1.0), milliseconds(200));
    EXPECT_EQ(backoff_delay(1, milliseconds(200), -3.0), milliseconds(100));
}

}  // namespace
}  // namespace bh::stripe
