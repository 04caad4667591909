#include "http/paging.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace bh::http {
namespace {

const PagingRules kRules{.default_size = 20,
                         .max_size = 100,
                         .sort_columns = {{"id", "id"}, {"name", "lower(name)"}},
                         .default_sort_field = "id"};

Request with_query(std::string query) {
    Request request;
    request.query = std::move(query);
    return request;
}

std::string field_of_error(const std::string& query) {
    try {
        parse_page_request(with_query(query), kRules);
    } catch (const AppError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadRequest);
        return e.field_errors().empty() ? "?" : e.field_errors().front().field;
    }
    return "no error";
}

TEST(Paging, DefaultsWhenNothingIsGiven) {
    const auto page = parse_page_request(with_query(""), kRules);
    EXPECT_EQ(page.page, 0);
    EXPECT_EQ(page.size, 20);
    EXPECT_EQ(page.order_by_sql(), "id ASC");
    EXPECT_EQ(page.offset(), 0);
}

TEST(Paging, ReadsPageSizeAndSortWithWhitelistedColumn) {
    const auto page = parse_page_request(with_query("page=2&size=10&sort=name,DESC"), kRules);
    EXPECT_EQ(page.offset(), 20);
    EXPECT_EQ(page.limit(), 10);
    EXPECT_EQ(page.sort_field, "name");
    EXPECT_EQ(page.order_by_sql(), "lower(name) DESC, id DESC");
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
}

}  // namespace
}  // namespace bh::http
