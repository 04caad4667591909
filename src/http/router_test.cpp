#include "http/router.h"

#include <gtest/gtest.h>

using bh::http::Method;
using bh::http::Request;
using bh::http::Response;
using bh::http::Router;
using Outcome = bh::http::RouteMatch::Outcome;

namespace {
bh::http::Handler returning(int status) {
    return [status](Request&) -> boost::asio::awaitable<Response> { co_return Response::text(status, ""); };
}
}  // namespace

TEST(Router, MatchesLiteralsAndParameters) {
    Router router;
    router.add(Method::Get, "/api/v1/movement/{id}", returning(200));
    router.add(Method::Get, "/api/v1/movement/all", returning(201));
    router.add(Method::Get, "/api/v1/movement/{id}/invoice/{invoiceId}", returning(202));

    auto m = router.match(Method::Get, "/api/v1/movement/all");
    ASSERT_EQ(m.outcome, Outcome::Found);
    EXPECT_EQ(*m.pattern, "/api/v1/movement/all");
    EXPECT_TRUE(m.params.empty());

    m = router.match(Method::Get, "/api/v1/movement/42");
    ASSERT_EQ(m.outcome, Outcome::Found);
    ASSERT_EQ(m.params.size(), 1u);
    EXPECT_EQ(m.params[0].first, "id");
    EXPECT_EQ(m.params[0].second, "42");

    m = router.match(Method::Get, "/api/v1/movement/7/invoice/9");
    ASSERT_EQ(m.outcome, Outcome::Found);
    EXPECT_EQ(m.route_index, 2u);
    ASSERT_EQ(m.params.size(), 2u);
    EXPECT_EQ(m.params[1].second, "9");
}

TEST(Router, FallsBackFromLiteralDeadEndToParameter) {
    Router router;
    router.add(Method::Get, "/a/b/c", returning(200));
    router.add(Method::Get, "/a/{x}/d", returning(200));
    auto m = router.match(Method::Get, "/a/b/d");
    ASSERT_EQ(m.outcome, Outcome::Found);
    EXPECT_EQ(*m.pattern, "/a/{x}/d");
    EXPECT_EQ(m.params.at(0).second, "b");
}

TEST(Router, ReportsMethodNotAllowedWithAllowList) {
    Router router;
    router.add(Method::Get, "/x", returning(200));
    router.add(Method::Post, "/x", returning(200));
    auto m = router.match(Method::Delete, "/x");
    EXPECT_EQ(m.outcome, Outcome::MethodNotAllowed);
    EXPECT_EQ(m.allowed, "GET, POST");
    EXPECT_EQ(router.match(Method::Head, "/x").outcome, Outcome::Found);
}

TEST(Router, NotFoundCases) {
    Router router;
    router.add(Method::Get, "/x/{id}", returning(200));
    EXPECT_EQ(router.match(Method::Get, "/x").outcome, Outcome::NotFound);
    EXPECT_EQ(router.match(Method::Get, "/x/1/2").outcome, Outcome::NotFound);
    EXPECT_EQ(router.match(Method::Get, "/y/1").outcome, Outcome::NotFound);
    std::string deep;
    for (int i = 0; i < 100; ++i) deep += "/x";
    EXPECT_EQ(router.match(Method::Get, deep).outcome, Outcome::NotFound);
}

TEST(Router, TrailingSlashAndRootAreHandled) {
    Router router;
    router.add(Method::Get, "/", returning(200));
    router.add(Method::Get, "/x", returning(200));
    EXPECT_EQ(router.match(Method::Get, "/").outcome, Outcome::Found);
    EXPECT_EQ(router.match(Method::Get, "/x/").outcome, Outcome::Found);
}

TEST(Router, RejectsDuplicatesAndMalformedPatterns) {
    Router router;
    router.add(Method::Get, "/x/{id}", returning(200));
    EXPECT_THROW(router.add(Method::Get, "/x/{id}", returning(200)), std::logic_error);
    EXPECT_THROW(router.add(Method::Get, "/x/{other}/y", returning(200)), std::logic_error);
    EXPECT_THROW(router.add(Method::Get, "x", returning(200)), std::logic_error);
    EXPECT_THROW(router.add(Method::Get, "/x/{", returning(200)), std::logic_error);
}
