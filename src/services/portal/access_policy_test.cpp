// The route × role table: well-formed, complete for the contract, reachable through the router, and
// identical to the table documented in docs/api.md.
#include "identity/access_policy.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "core/error.h"
#include "http/router.h"

namespace bh::identity {
namespace {

using http::Method;

Principal with_roles(std::vector<std::string> roles) {
    return Principal{.user_id = "u1", .roles = std::move(roles)};
}

std::string route_key(Method method, std::string_view pattern) {
    return std::string(http::to_string(method)) + " " + std::string(pattern);
}

TEST(AccessPolicy, OnlyTheDeliberatelyPublicRoutesArePublic) {
    std::set<std::string> public_routes;
    for (const auto& route : access_policy()) {
        if (route.access.is_public)
            public_routes.insert(route_key(route.method, route.pattern));
        else
            EXPECT_NE(route.access.roles, 0) << route.pattern;
    }
    EXPECT_EQ(public_routes, (std::set<std::string>{
                                 "POST /api/v1/auth/sign-in",
                                 "POST /api/v1/auth/refresh-token",
                                 "POST /api/v1/user-credentials/register",
                                 "POST /api/v1/user-credentials/recover-password",
                                 "POST /api/v1/user-credentials/reset-password",
                                 "GET /.well-known/jwks.json",
                                 "POST /api/v1/webhook/stripe",
                             }));
}

TEST(AccessPolicy, HasNoDuplicateRoutes) {
    std::set<std::string> seen;
    for (const auto& route : access_policy()) {
        EXPECT_TRUE(seen.insert(route_key(route.method, route.pattern)).second) << route.pattern;
    }
    EXPECT_EQ(seen.size(), 58u);  // the seed's 46, the 9 of docs/dev/contracts.md, 3 of payment
}

TEST(AccessPolicy, ClosesTheSeedsHoles) {
    EXPECT_FALSE(find_route(Method::Get, "/api/v1/user-credentials/get-user-by-id")->access.is_public);
    EXPECT_EQ(find_route(Method::Delete, "/api/v1/movement/{id}")->access.roles, role_bit::kAdmin);
    EXPECT_EQ(find_route(Method::Get, "/api/v1/movement/all")->access.roles,
              role_bit::kAdmin | role_bit::kManager);
    EXPECT_EQ(find_route(Method::Post, "/api/v1/movement/export-movements-report")->access.roles,
              role_bit::kAdmin | role_bit::kManager);
}

TEST(AccessPolicy, AdminOnlyRoutesRefuseEveryOtherRole) {
    const auto& grant = *find_route(Method::Post, "/api/v1/user-credentials/{id}/roles/{role}");
    EXPECT_NO_THROW(require_access(grant, with_roles({"ADMIN"})));
    for (std::string role : {"MANAGER", "EMPLOYEE", "HR"}) {
        try {
            require_access(grant, with_roles({role}));
            ADD_FAILURE() << role << " was admitted";
        } catch (const AppError& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Forbidden);
            EXPECT_EQ(e.code(), "ROLE_ACCESS_DENIED");
            EXPECT_EQ(e.public_message(), "You do not have permission to access this resource");
        }
    }
}

TEST(AccessPolicy, AnyOneOfTheRolesAdmits) {
    const auto& update = *find_route(Method::Put, "/api/v1/budget/type/update");
    EXPECT_NO_THROW(require_access(update, with_roles({"HR", "MANAGER"})));
    EXPECT_THROW(require_access(update, with_roles({"HR", "EMPLOYEE"})), AppError);
}

TEST(AccessPolicy, NoRolesOrUnknownRolesAdmitNothingThatNeedsARole) {
    const auto& update = *find_route(Method::Put, "/api/v1/budget/type/update");
    EXPECT_THROW(require_access(update, with_roles({})), AppError);
    EXPECT_THROW(require_access(update, with_roles({"admin", "ROOT", ""})), AppError);  // case matters
    EXPECT_NO_THROW(require_access(update, with_roles({"MANAGER"})));
}

TEST(AccessPolicy, OwnAccountRoutesAdmitASignedInUserWithoutRoles) {
    // A new account has no role until an ADMIN grants one; it must still be able to sign out.
    for (const auto& [method, path] : {std::pair{Method::Post, "/api/v1/auth/sign-out"},
                                       {Method::Put, "/api/v1/user-credentials/update"},
                                       {Method::Delete, "/api/v1/user-credentials/delete"},
                                       {Method::Get, "/api/v1/user-credentials/get-user-by-id"}}) {
        const auto* route = find_route(method, path);
        ASSERT_NE(route, nullptr) << path;
        EXPECT_NO_THROW(require_access(*route, with_roles({}))) << path;
        EXPECT_EQ(describe(route->access), "signed-in") << path;
    }
    const auto signed_in_routes = std::count_if(access_policy().begin(), access_policy().end(),
                                                [](const RouteAccess& r) { return r.access.signed_in; });
    EXPECT_EQ(signed_in_routes, 4);
}

TEST(AccessPolicy, PublicRoutesAdmitAnyone) {
    EXPECT_TRUE(allows(find_route(Method::Post, "/api/v1/auth/sign-in")->access, 0));
}

TEST(AccessPolicy, RoleMaskReadsKnownNames) {
    const std::vector<std::string> roles{"ADMIN", "HR", "SUPERUSER"};
    EXPECT_EQ(role_mask(roles), role_bit::kAdmin | role_bit::kHr);
    EXPECT_EQ(describe(Access{.is_public = false, .roles = role_bit::kHr | role_bit::kAdmin}), "ADMIN, HR");
    EXPECT_EQ(describe(Access{.is_public = true}), "public");
}

// Path matching: a router built from the table resolves concrete paths to the intended rows
// (literals before parameters, the added sub-resources beside the seed's {id} routes).
class PolicyRouting : public ::testing::Test {
  protected:
    void SetUp() override {
        for (const auto& route : access_policy()) {
            router.add(
                route.method, route.pattern,
                [](http::Request&) -> boost::asio::awaitable<http::Response> { co_return http::Response{}; });
        }
    }
    std::string matched(Method method, std::string_view path) {
        const auto match = router.match(method, path);
        return match.outcome == http::RouteMatch::Outcome::Found ? *match.pattern : "<none>";
    }
    http::Router router;
};

TEST_F(PolicyRouting, LiteralsWinOverParameters) {
    EXPECT_EQ(matched(Method::Get, "/api/v1/invoice/all"), "/api/v1/invoice/all");
    EXPECT_EQ(matched(Method::Get, "/api/v1/invoice/0190a3c2-7f00-7000-8000-000000000001"),
              "/api/v1/invoice/{id}");
    EXPECT_EQ(matched(Method::Get, "/api/v1/invoice/abc/file"), "/api/v1/invoice/{id}/file");
    EXPECT_EQ(matched(Method::Get, "/api/v1/budget/type/all"), "/api/v1/budget/type/all");
    EXPECT_EQ(matched(Method::Get, "/api/v1/movement/export-movements-report/j1"),
              "/api/v1/movement/export-movements-report/{jobId}");
    EXPECT_EQ(matched(Method::Post, "/api/v1/movement/export-movements-report"),
              "/api/v1/movement/export-movements-report");
    EXPECT_EQ(matched(Method::Post, "/api/v1/user-credentials/u1/roles/HR"),
              "/api/v1/user-credentials/{id}/roles/{role}");
    EXPECT_EQ(matched(Method::Get, "/.well-known/jwks.json"), "/.well-known/jwks.json");
}

TEST_F(PolicyRouting, UnknownPathsAndMethodsFindNothing) {
    EXPECT_EQ(matched(Method::Get, "/api/v1/nothing"), "<none>");
    EXPECT_EQ(matched(Method::Get, "/api/v1/budget/type"), "<none>");
    EXPECT_EQ(matched(Method::Post, "/api/v1/invoice/all"), "<none>");
    EXPECT_EQ(matched(Method::Get, "/api/v1/invoice/a/b/c"), "<none>");
    EXPECT_EQ(router.match(Method::Patch, "/api/v1/budget/type/update").outcome,
              http::RouteMatch::Outcome::MethodNotAllowed);
}

// docs/api.md's matrix, row by row: | METHOD | `path` | service | access | seed |
std::set<std::string> documented_rows() {
    std::ifstream in(std::string(BH_SOURCE_DIR) + "/docs/api.md");
    EXPECT_TRUE(in) << "docs/api.md not found";
    std::set<std::string> rows;
    bool in_matrix = false;
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with("## ")) in_matrix = line == "## Route × role matrix";
        if (!in_matrix || !line.starts_with("| ") || line.starts_with("| method") ||
            line.starts_with("|---")) {
            continue;
        }
        std::vector<std::string> cells;
        std::stringstream cells_in(line.substr(1));
        for (std::string cell; std::getline(cells_in, cell, '|');) {
            const auto first = cell.find_first_not_of(' ');
            const auto last = cell.find_last_not_of(' ');
            cells.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
        }
        if (cells.size() < 4) continue;
        std::string path = cells[1];
        if (path.size() >= 2 && path.front() == '`') path = path.substr(1, path.size() - 2);
        rows.insert(cells[0] + " " + path + " " + cells[2] + " " + cells[3]);
    }
    return rows;
}

TEST(AccessPolicy, MatchesTheTableInDocsApiMd) {
    std::set<std::string> in_code;
    for (const auto& route : access_policy()) {
        in_code.insert(route_key(route.method, route.pattern) + " " + std::string(to_string(route.upstream)) +
                       " " + describe(route.access));
    }
    EXPECT_EQ(documented_rows(), in_code);
}

}  // namespace
}  // namespace bh::identity
