// QueryInput: every bad filter named in one 400, empty parameters ignored, the shared date rule.
#include "runtime/query_input.h"

#include <gtest/gtest.h>

namespace bh {
namespace {

http::Request with_query(std::string query) {
    http::Request request;
    request.query = std::move(query);
    return request;
}

TEST(QueryInput, ReadsFiltersAndIgnoresEmptyOnes) {
    const auto request =
        with_query("startDate=2024-02-29&status=&name=%20Ana%20&budgetTypeId=" + Uuid::v7().to_string());
    QueryInput in(request);
    EXPECT_EQ(in.optional_date("startDate"), std::chrono::year{2024} / 2 / 29);
    EXPECT_EQ(in.optional_word("status"), std::nullopt);
    EXPECT_EQ(in.optional_text("name", 10), "Ana");
    EXPECT_TRUE(in.optional_uuid("budgetTypeId").has_value());
    EXPECT_EQ(in.optional_date("endDate"), std::nullopt);
    EXPECT_NO_THROW(in.finish());
}

TEST(QueryInput, NamesEveryBadParameterInOneError) {
    const auto request = with_query(
        "startDate=2024-03-02&endDate=2024-03-01&budgetTypeId=nope&name=abcdefghijk&note=a%01b&day=2023-02-"
        "29");
    QueryInput in(request);
    const auto start = in.optional_date("startDate");
    const auto end = in.optional_date("endDate");
    in.require_order("startDate", start, "endDate", end);
    in.optional_uuid("budgetTypeId");
    in.optional_text("name", 10);
    in.optional_text("note", 10);
    in.optional_date("day");
    try {
        in.finish("Invalid filter");
        FAIL() << "no error";
    } catch (const AppError& e) {
        EXPECT_EQ(e.code(), errc::kValidation);
        std::vector<std::string> fields;
        for (const auto& f : e.field_errors()) fields.push_back(f.field);
        EXPECT_EQ(fields, (std::vector<std::string>{"endDate", "budgetTypeId", "name", "note", "day"}));
        EXPECT_EQ(e.public_message().rfind("Invalid filter: endDate must not be before startDate, ", 0), 0u)
            << e.public_message();
    }
}

TEST(RequestDate, IsARealDayBetween1900And9999) {
    EXPECT_TRUE(parse_request_date("1900-01-01"));
    EXPECT_FALSE(parse_request_date("1899-12-31"));
    EXPECT_FALSE(parse_request_date("2023-02-29"));
    EXPECT_FALSE(parse_request_date("2024-1-01"));
    EXPECT_FALSE(parse_request_date("2024-01-01T00:00"));
}

}  // namespace
}  // namespace bh
