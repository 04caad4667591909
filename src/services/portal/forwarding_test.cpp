#include "services/portal/forwarding.h"

#include <gtest/gtest.h>

#include "services/portal/security_headers.h"

namespace bh::portal {
namespace {

std::string header(const http::HeaderList& headers, std::string_view name) {
    std::string found = "<absent>";
    int count = 0;
    for (const auto& [n, v] : headers) {
        if (http::lower_case(n) == name) {
            found = v;
            ++count;
        }
    }
    return count > 1 ? "<repeated>" : found;
}

http::Request browser_request() {
    http::Request r;
    r.method = http::Method::Post;
    r.target = "/api/v1/movement/create?x=%20y";
    r.path = "/api/v1/movement/create";
    r.query = "x=%20y";
    r.remote_address = "10.0.0.7";
    r.request_id = "req-1";
    r.traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    r.headers = {{"host", "portal.example"},
                 {"authorization", "Bearer abc"},
                 {"nif", "123456789"},
                 {"content-type", "application/json"},
                 {"accept", "application/json"},
                 {"cookie", "session=secret"},
                 {"connection", "keep-alive"},
                 {"x-request-id", "caller-supplied"},
                 {"traceparent", "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01"},
                 {"x-forwarded-for", "203.0.113.9"},
                 {"x-internal-secret", "nope"}};
    return r;
}

TEST(Forwarding, PassesCredentialsAndTracingButNothingElse) {
    const auto out = upstream_request_headers(browser_request());
    EXPECT_EQ(header(out, "authorization"), "Bearer abc");
    EXPECT_EQ(header(out, "nif"), "123456789");
    EXPECT_EQ(header(out, "accept"), "application/json");
    // This hop's ids (the server settled them), not the raw incoming ones, and each only once.
    EXPECT_EQ(header(out, "x-request-id"), "req-1");
    EXPECT_EQ(header(out, "traceparent"), "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    EXPECT_EQ(header(out, "x-forwarded-for"), "203.0.113.9, 10.0.0.7");
    EXPECT_EQ(header(out, "x-forwarded-host"), "portal.example");
    for (auto dropped : {"cookie", "connection", "host", "x-internal-secret", "content-type"}) {
        EXPECT_EQ(header(out, dropped), "<absent>") << dropped;
    }
}

TEST(Forwarding, StartsTheForwardedForChainWithTheCaller) {
    auto request = browser_request();
    request.headers.clear();
    EXPECT_EQ(header(upstream_request_headers(request), "x-forwarded-for"), "10.0.0.7");
}

TEST(Forwarding, KeepsTheTargetAsReceived) {
    EXPECT_EQ(upstream_url("http://127.0.0.1:8082/", browser_request()),
              "http://127.0.0.1:8082/api/v1/movement/create?x=%20y");
}

TEST(Forwarding, ReturnsStatusBodyAndUsefulHeadersOnly) {
    http::ClientResponse upstream{.status = 409,
                                  .headers = {{"content-type", "application/json"},
                                              {"content-disposition", "attachment; filename=\"m.xlsx\""},
                                              {"retry-after", "3"},
                                              {"connection", "close"},
                                              {"transfer-encoding", "chunked"},
                                              {"x-request-id", "service-own"},
                                              {"set-cookie", "a=b"},
                                              {"server", "budget"}},
                                  .body = R"({"errorCode":"CONFLICT"})"};
    const auto out = client_response(std::move(upstream));
    EXPECT_EQ(out.status, 409);
    EXPECT_EQ(out.body, R"({"errorCode":"CONFLICT"})");
    EXPECT_EQ(out.content_type, "application/json");
    EXPECT_EQ(header(out.headers, "content-disposition"), "attachment; filename=\"m.xlsx\"");
    EXPECT_EQ(header(out.headers, "retry-after"), "3");
    for (auto dropped : {"connection", "transfer-encoding", "x-request-id", "set-cookie", "server"}) {
        EXPECT_EQ(header(out.headers, dropped), "<absent>") << dropped;
    }
}

TEST(Forwarding, AnInProcessAnswerIsFilteredLikeAWireOne) {
    http::Response upstream;
    upstream.status = 429;
    upstream.body = R"({"errorCode":"TOO_MANY_REQUESTS"})";
    upstream.headers = {{"Retry-After", "3"}, {"Set-Cookie", "a=b"}, {"X-Request-Id", "service-own"}};
    const auto out = client_response(std::move(upstream));
    EXPECT_EQ(out.status, 429);
    EXPECT_EQ(out.body, R"({"errorCode":"TOO_MANY_REQUESTS"})");
    EXPECT_EQ(out.content_type, "application/json");
    EXPECT_EQ(header(out.headers, "retry-after"), "3");
    EXPECT_EQ(header(out.headers, "set-cookie"), "<absent>");
    EXPECT_EQ(header(out.headers, "x-request-id"), "<absent>");
}

TEST(Forwarding, AnInProcessRequestCarriesWhatTheWireWouldAndTheBody) {
    auto request = browser_request();
    request.body = R"({"amount":"1.00"})";
    const auto inner = in_process_request(request, "127.0.0.1");
    EXPECT_EQ(inner.method, http::Method::Post);
    EXPECT_EQ(inner.target, "/api/v1/movement/create?x=%20y");
    EXPECT_EQ(inner.path, "/api/v1/movement/create");
    EXPECT_EQ(inner.query, "x=%20y");
    EXPECT_EQ(inner.body, R"({"amount":"1.00"})");
    EXPECT_EQ(inner.remote_address, "127.0.0.1");
    EXPECT_EQ(header(inner.headers, "authorization"), "Bearer abc");
    EXPECT_EQ(header(inner.headers, "content-type"), "application/json");
    EXPECT_EQ(header(inner.headers, "x-forwarded-for"), "203.0.113.9, 10.0.0.7");
    EXPECT_EQ(header(inner.headers, "x-request-id"), "req-1");
    for (auto dropped : {"cookie", "connection", "host", "x-internal-secret"}) {
        EXPECT_EQ(header(inner.headers, dropped), "<absent>") << dropped;
    }
}

TEST(Forwarding, AColocatedPortalAppearsFromTheAddressItWouldConnectFrom) {
    EXPECT_EQ(colocated_peer_address("http://127.0.0.1:8081"), "127.0.0.1");
    EXPECT_EQ(colocated_peer_address("http://10.0.0.5:8081/"), "10.0.0.5");  // auth.trusted_proxies=10.0.0.5
    EXPECT_EQ(colocated_peer_address("http://[::1]:8081"), "::1");
    EXPECT_EQ(colocated_peer_address("http://0.0.0.0:8081"), "127.0.0.1");
    EXPECT_EQ(colocated_peer_address("http://localhost:8081"), "127.0.0.1");
}

TEST(Forwarding, AnswerWithoutContentTypeHasNone) {
    const auto out = client_response(http::ClientResponse{.status = 204, .headers = {}, .body = {}});
    EXPECT_EQ(out.status, 204);
    EXPECT_TRUE(out.content_type.empty());
}

TEST(Forwarding, RefusesPathsThatHideTheirStructure) {
    EXPECT_TRUE(is_safe_api_path("/api/v1/movement/0190a3c2?page=0&sort=date,desc"));
    EXPECT_TRUE(is_safe_api_path("/api/v1/supplier/caf%C3%A9"));
    EXPECT_TRUE(is_safe_api_path("/api/v1/x?redirect=%2F..%2F"));  // the query is not a path
    for (auto bad : {"/api/v1/invoice/..", "/api/v1/invoice/./all", "/api/v1/invoice/%2e%2E",
                     "/api/v1/invoice/.%2e/x", "/api/v1/invoice/a%2Fb", "/api/v1/invoice/a%2fb",
                     "/api/v1/invoice/a%5Cb", "/api/v1/invoice/a%00", "/api/v1/invoice/a\\b"}) {
        EXPECT_FALSE(is_safe_api_path(bad)) << bad;
    }
}

TEST(SecurityHeaders, AreAddedAndKeepAnExistingCacheControl) {
    http::Response api;
    add_security_headers(api, SecurityHeaderOptions{});
    EXPECT_EQ(header(api.headers, "x-content-type-options"), "nosniff");
    EXPECT_EQ(header(api.headers, "x-frame-options"), "DENY");
    EXPECT_EQ(header(api.headers, "referrer-policy"), "no-referrer");
    EXPECT_EQ(header(api.headers, "cache-control"), "no-store");
    EXPECT_EQ(header(api.headers, "strict-transport-security"), "<absent>");

    http::Response file;
    file.with_header("Cache-Control", "no-cache");
    add_security_headers(file, SecurityHeaderOptions{.hsts_max_age = std::chrono::seconds(31536000)});
    EXPECT_EQ(header(file.headers, "cache-control"), "no-cache");
    EXPECT_EQ(header(file.headers, "strict-transport-security"), "max-age=31536000; includeSubDomains");
}

}  // namespace
}  // namespace bh::portal
