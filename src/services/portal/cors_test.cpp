#include "services/portal/cors.h"

#include <gtest/gtest.h>

namespace bh::portal {
namespace {

std::string header(const http::HeaderList& headers, std::string_view name) {
    for (const auto& [n, v] : headers) {
        if (http::lower_case(n) == http::lower_case(name)) return v;
    }
    return "<absent>";
}

CorsPolicy spa_policy() {
    return CorsPolicy(
        CorsOptions{.origins = parse_origin_list(" http://localhost:4200/, https://app.example.com"),
                    .max_age = std::chrono::seconds(600)});
}

TEST(Cors, ParsesTheOriginList) {
    EXPECT_EQ(parse_origin_list(" http://a:1/, ,https://b "),
              (std::vector<std::string>{"http://a:1", "https://b"}));
    EXPECT_TRUE(parse_origin_list("").empty());
}

TEST(Cors, ReflectsAnAllowedOriginWithCredentials) {
    const auto headers = spa_policy().response_headers("http://localhost:4200");
    EXPECT_EQ(header(headers, "Access-Control-Allow-Origin"), "http://localhost:4200");
    EXPECT_EQ(header(headers, "Access-Control-Allow-Credentials"), "true");
    EXPECT_EQ(header(headers, "Vary"), "Origin");
    EXPECT_NE(header(headers, "Access-Control-Expose-Headers").find("X-Request-Id"), std::string::npos);
}

TEST(Cors, SaysNothingToOtherOrigins) {
    const auto policy = spa_policy();
    EXPECT_TRUE(policy.response_headers("http://evil.example").empty());
    EXPECT_TRUE(policy.response_headers("http://localhost:4201").empty());
    EXPECT_TRUE(policy.response_headers("http://localhost:4200.evil.example").empty());
    EXPECT_TRUE(policy.response_headers("").empty());
    EXPECT_TRUE(CorsPolicy(CorsOptions{}).response_headers("http://localhost:4200").empty());
}

TEST(Cors, PreflightAllowsTheRoutesMethodsAndKnownHeaders) {
    const auto answer = spa_policy().preflight("https://app.example.com", "PUT",
                                               "authorization, Content-Type, nif", "GET, PUT");
    EXPECT_EQ(answer.status, 204);
    EXPECT_EQ(header(answer.headers, "Access-Control-Allow-Origin"), "https://app.example.com");
    EXPECT_EQ(header(answer.headers, "Access-Control-Allow-Methods"), "GET, PUT");
    EXPECT_EQ(header(answer.headers, "Access-Control-Max-Age"), "600");
    EXPECT_NE(header(answer.headers, "Access-Control-Allow-Headers").find("Authorization"),
              std::string::npos);
}

TEST(Cors, PreflightRefusesOriginMethodOrHeaderOutsideThePolicy) {
    const auto policy = spa_policy();
    EXPECT_EQ(policy.preflight("http://evil.example", "GET", "", "GET").status, 403);
    EXPECT_EQ(policy.preflight("http://localhost:4200", "DELETE", "", "GET, PUT").status, 403);
    EXPECT_EQ(policy.preflight("http://localhost:4200", "GET", "x-custom", "GET").status, 403);
    EXPECT_EQ(header(policy.preflight("http://evil.example", "GET", "", "GET").headers,
                     "Access-Control-Allow-Origin"),
              "<absent>");
}

TEST(Cors, StarAdmitsAnyOriginWithoutCredentials) {
    const CorsPolicy any(CorsOptions{.origins = {"*"}});
    const auto headers = any.response_headers("http://anything.example");
    EXPECT_EQ(header(headers, "Access-Control-Allow-Origin"), "*");
    EXPECT_EQ(header(headers, "Access-Control-Allow-Credentials"), "<absent>");
}

}  // namespace
}  // namespace bh::portal
