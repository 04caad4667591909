// The 400 body both ways it is read: as text by the original client (every property but status and
// errorCode shown), and per field by programs.
#include "http/error_response.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace bh::http {
namespace {

namespace json = boost::json;

json::object body_of(const AppError& error) {
    const auto response = error_response(error);
    EXPECT_EQ(response.status, status_for(error.kind()));
    return json::parse(response.body).as_object();
}

TEST(ErrorResponse, PlainErrorsKeepTheSeedShape) {
    const auto body = body_of(not_found("Budget type not found with ID: x", "BUDGET_TYPE_NOT_FOUND"));
    EXPECT_EQ(body.size(), 3u);
    EXPECT_EQ(body.at("message").as_string(), "Budget type not found with ID: x");
    EXPECT_EQ(body.at("status").as_int64(), 404);
    EXPECT_EQ(body.at("errorCode").as_string(), "BUDGET_TYPE_NOT_FOUND");
}

TEST(ErrorResponse, ValidationReadsAsTextAndPerField) {
    const auto body = body_of(bad_request("Invalid export parameters")
                                  .with_fields({{"startDate", "must be a date YYYY-MM-DD"},
                                                {"status", "must be one of ACCEPTED, SUCCEEDED"},
                                                {"startDate", "must not be after endDate"}}));
    EXPECT_EQ(body.at("status").as_int64(), 400);
    EXPECT_EQ(body.at("errorCode").as_string(), "VALIDATION_ERROR");
    // Text: the sentence names every problem; the flat map has one readable line per field.
    EXPECT_EQ(body.at("message").as_string(),
              "Invalid export parameters (startDate must be a date YYYY-MM-DD, status must be one of "
              "ACCEPTED, SUCCEEDED, startDate must not be after endDate)");
    const auto& flat = body.at("fieldErrors").as_object();
    EXPECT_EQ(flat.size(), 2u);
    EXPECT_EQ(flat.at("startDate").as_string(),
              "startDate: must be a date YYYY-MM-DD; must not be after endDate");
    EXPECT_EQ(flat.at("status").as_string(), "status: must be one of ACCEPTED, SUCCEEDED");
    // Programs: the list, in order, one entry per problem.
    const auto& list = body.at("errors").as_array();
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(list[0].at("field").as_string(), "startDate");
    EXPECT_EQ(list[0].at("message").as_string(), "must be a date YYYY-MM-DD");
    EXPECT_EQ(list[2].at("message").as_string(), "must not be after endDate");
}

TEST(ErrorResponse, MessageOnlyAddsWhatItDoesNotMentionYet) {
    const std::vector<FieldError> fields{{"name", "must not be blank"}, {"id", "must be a UUID"}};
    EXPECT_EQ(readable_message("Validation failed: name must not be blank, id must be a UUID", fields),
              "Validation failed: name must not be blank, id must be a UUID");
    // "id" inside "invalid" is no mention of the field id.
    EXPECT_EQ(readable_message("Something is invalid: name", fields),
              "Something is invalid: name (id must be a UUID)");
    EXPECT_EQ(readable_message("", fields), "name must not be blank, id must be a UUID");
    EXPECT_EQ(readable_message("No fields", {}), "No fields");
}

}  // namespace
}  // namespace bh::http
