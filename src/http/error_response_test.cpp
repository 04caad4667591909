// The 400 body both ways it is read: as text by the original client (every property but status and
// errorCode shown; the default), and per field by programs that accept application/problem+json.
#include "http/error_response.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace bh::http {
namespace {

namespace json = boost::json;

json::object body_of(const AppError& error, ErrorFormat format = ErrorFormat::Text) {
    const auto response = error_response(error, format);
    EXPECT_EQ(response.status, status_for(error.kind()));
    EXPECT_EQ(response.content_type,
              format == ErrorFormat::Text ? "application/json" : "application/problem+json");
    return json::parse(response.body).as_object();
}

AppError export_error() {
    return bad_request("Invalid export parameters")
        .with_fields({{"startDate", "must be a date YYYY-MM-DD"},
                      {"status", "must be one of ACCEPTED, SUCCEEDED"},
                      {"startDate", "must not be after endDate"}});
}

TEST(ErrorResponse, PlainErrorsKeepTheSeedShape) {
    const auto body = body_of(not_found("Budget type not found with ID: x", "BUDGET_TYPE_NOT_FOUND"));
    EXPECT_EQ(body.size(), 3u);
    EXPECT_EQ(body.at("message").as_string(), "Budget type not found with ID: x");
    EXPECT_EQ(body.at("status").as_int64(), 404);
    EXPECT_EQ(body.at("errorCode").as_string(), "BUDGET_TYPE_NOT_FOUND");
}

TEST(ErrorResponse, ValidationReadsAsTextByDefault) {
    const auto body = body_of(export_error());
    EXPECT_EQ(body.at("status").as_int64(), 400);
    EXPECT_EQ(body.at("errorCode").as_string(), "VALIDATION_ERROR");
    // The sentence names every problem.
    EXPECT_EQ(body.at("message").as_string(),
              "Invalid export parameters (startDate must be a date YYYY-MM-DD, status must be one of "
              "ACCEPTED, SUCCEEDED, startDate must not be after endDate)");
    // The seed's flat map: a line per problem, key and value alike; the field "status" does not
    // collide with the body's status. Every value but status is text.
    EXPECT_EQ(body.size(), 6u);
    for (const char* line :
         {"startDate: must be a date YYYY-MM-DD", "status: must be one of ACCEPTED, SUCCEEDED",
          "startDate: must not be after endDate"}) {
        EXPECT_EQ(body.at(line).as_string(), line);
    }
    for (const auto& member : body) {
        if (member.key() != "status") {
            EXPECT_TRUE(member.value().is_string()) << member.key();
        }
    }
}

TEST(ErrorResponse, ValidationListsEveryProblemPerFieldForProgramsThatAskForProblemJson) {
    EXPECT_EQ(error_format("application/problem+json, application/json"), ErrorFormat::Structured);
    EXPECT_EQ(error_format("application/json, text/plain, */*"), ErrorFormat::Text);
    EXPECT_EQ(error_format(""), ErrorFormat::Text);
    const auto body = body_of(export_error(), ErrorFormat::Structured);
    EXPECT_EQ(body.size(), 4u);
    const auto& list = body.at("errors").as_array();
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(list[0].at("field").as_string(), "startDate");
    EXPECT_EQ(list[0].at("message").as_string(), "must be a date YYYY-MM-DD");
    EXPECT_EQ(list[1].at("field").as_string(), "status");
    EXPECT_EQ(list[2].at("message").as_string(), "must not be after endDate");
    // Without field errors both formats are the seed's three properties.
    EXPECT_EQ(body_of(not_found("gone", "X"), ErrorFormat::Structured).size(), 3u);
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
