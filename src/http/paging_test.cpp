#include "http/paging.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace bh::http {
namespace {

const ListingRules kRules{.default_size = 20,
                          .max_size = 100,
                          .sort_fields = {"id", "name", "budgetType"},
                          .default_sort_field = "id"};

Request with_query(std::string query) {
    Request request;
    request.query = std::move(query);
    return request;
}

// {field, message} of the 400 a query gets, or {"no error", ""}.
std::pair<std::string, std::string> error_of(const std::string& query) {
    try {
        parse_page_request(with_query(query), kRules);
    } catch (const AppError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadRequest);
        return {e.field_errors().empty() ? "?" : e.field_errors().front().field, e.public_message()};
    }
    return {"no error", ""};
}

std::string field_of_error(const std::string& query) {
    return error_of(query).first;
}

TEST(Paging, DefaultsWhenNothingIsGiven) {
    const auto page = parse_page_request(with_query(""), kRules);
    EXPECT_EQ(page.page, 0);
    EXPECT_EQ(page.size, 20);
    ASSERT_EQ(page.sort.size(), 1u);  // the listing's default order
    EXPECT_EQ(page.sort.front().field, "id");
    EXPECT_FALSE(page.sort.front().descending);
    EXPECT_EQ(page.offset(), 0);
}

TEST(Paging, ReadsPageSizeAndSortWithWhitelistedColumn) {
    const auto page = parse_page_request(with_query("page=2&size=10&sort=name,DESC"), kRules);
    EXPECT_EQ(page.offset(), 20);
    EXPECT_EQ(page.limit(), 10);
    ASSERT_EQ(page.sort.size(), 1u);
    EXPECT_EQ(page.sort.front().field, "name");
    EXPECT_TRUE(page.sort.front().descending);
}

TEST(Paging, RefusesBadParametersNamingThem) {
    EXPECT_EQ(field_of_error("page=-1"), "page");
    EXPECT_EQ(field_of_error("page=x"), "page");
    EXPECT_EQ(field_of_error("size=0"), "size");
    EXPECT_EQ(field_of_error("size=101"), "size");
    EXPECT_EQ(field_of_error("size=1e3"), "size");
    EXPECT_EQ(field_of_error("sort=password"), "sort");
    EXPECT_EQ(field_of_error("sort=name%3Bdrop%20table%20x"), "sort");
    EXPECT_EQ(field_of_error("sort=name,sideways"), "sort");
    EXPECT_EQ(field_of_error("page=9223372036854775807&size=100"), "page");
}

// The parsed order as "field dir, field dir" (the SQL it maps to: db/listing_test.cpp).
std::string order_of(const std::string& query) {
    std::string out;
    for (const auto& key : parse_page_request(with_query(query), kRules).sort)
        out += (out.empty() ? "" : ", ") + key.field + (key.descending ? " desc" : " asc");
    return out;
}

std::string message_of_error(const std::string& query) {
    return error_of(query).second;
}

TEST(Paging, SortReadsEveryEncodingAGeneratedClientSends) {
    const std::pair<const char*, const char*> cases[] = {
        {"sort=name,asc", "name asc"},
        {"sort=name%2Cdesc", "name desc"},
        {"sort=name%252Cdesc", "name desc"},
        {"sort=name%252cDESC", "name desc"},
        {"sort=name", "name asc"},
        {"sort=name,", "name asc"},
        {"sort=", "id asc"},
    };
    for (const auto& [query, order] : cases) EXPECT_EQ(order_of(query), order) << query;
}

TEST(Paging, RepeatedSortParametersOrderByEachInTurn) {
    EXPECT_EQ(order_of("sort=budgetType,desc&sort=name%252Casc"), "budgetType desc, name asc");
    EXPECT_EQ(order_of("sort=budgetType,name,desc"), "budgetType desc, name desc");
    // A repeated field keeps its first place.
    EXPECT_EQ(order_of("sort=id,desc&sort=name&sort=id,asc"), "id desc, name asc");
    const auto page = parse_page_request(with_query("sort=budgetType,desc&sort=name"), kRules);
    ASSERT_EQ(page.sort.size(), 2u);
    EXPECT_EQ(page.sort[0].field, "budgetType");
    EXPECT_TRUE(page.sort[0].descending);
    EXPECT_EQ(page.sort[1].field, "name");
    EXPECT_FALSE(page.sort[1].descending);
}

TEST(Paging, SortErrorsNameTheFieldAndTheAllowedOnesOrTheDirection) {
    EXPECT_EQ(message_of_error("sort=password%252Casc"),
              "Invalid paging: cannot sort by 'password' (allowed: id, name, budgetType)");
    EXPECT_EQ(message_of_error("sort=name,up"),
              "Invalid paging: sort direction must be asc or desc, not 'up'");
    EXPECT_EQ(field_of_error("sort=name&sort=secret,desc"), "sort");
    // Never more than the one extra decoding round a generated client causes.
    EXPECT_EQ(field_of_error("sort=name%25252Casc"), "sort");
}

TEST(Paging, BodyHasTheContractShape) {
    const auto page = parse_page_request(with_query("page=1&size=2&sort=name,asc"), kRules);
    const auto body = page_body(page, 5, boost::json::array{1, 2});
    EXPECT_EQ(body.at("totalPages").as_int64(), 3);
    EXPECT_EQ(body.at("totalElements").as_int64(), 5);
    EXPECT_EQ(body.at("numberOfElements").as_int64(), 2);
    EXPECT_FALSE(body.at("first").as_bool());
    EXPECT_FALSE(body.at("last").as_bool());
    EXPECT_FALSE(body.at("empty").as_bool());
    const auto& pageable = body.at("pageable").as_object();
    EXPECT_EQ(pageable.at("pageNumber").as_int64(), 1);
    EXPECT_EQ(pageable.at("offset").as_int64(), 2);
    EXPECT_EQ(pageable.at("sort").at("field").as_string(), "name");
    EXPECT_EQ(pageable.at("sort").at("direction").as_string(), "ASC");
    EXPECT_EQ(pageable.at("correlationId").as_string().size(), 36u);

    const auto last =
        page_body(parse_page_request(with_query("page=2&size=2"), kRules), 5, boost::json::array{5});
    EXPECT_TRUE(last.at("last").as_bool());
    const auto none = page_body(parse_page_request(with_query(""), kRules), 0, {});
    EXPECT_TRUE(none.at("empty").as_bool());
    EXPECT_TRUE(none.at("last").as_bool());
    EXPECT_EQ(none.at("totalPages").as_int64(), 0);
    EXPECT_FALSE(none.contains("totalElementsCapped"));
    EXPECT_TRUE(page_body(page, 10000, {}, true).at("totalElementsCapped").as_bool());
}

}  // namespace
}  // namespace bh::http
