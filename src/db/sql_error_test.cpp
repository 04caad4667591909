#include "db/sql_error.h"

#include <gtest/gtest.h>

namespace bh::db {
namespace {

TEST(SqlState, MapsMeaningOnce) {
    struct Case {
        const char* state;
        ErrorKind kind;
        bool retryable;
    };
    const Case cases[] = {
        {"23505", ErrorKind::Conflict, false},    {"23503", ErrorKind::Conflict, false},
        {"23514", ErrorKind::Conflict, false},    {"23P01", ErrorKind::Conflict, false},
        {"40001", ErrorKind::Conflict, true},     {"40P01", ErrorKind::Conflict, true},
        {"55P03", ErrorKind::Conflict, false},    {"57014", ErrorKind::Timeout, false},
        {"08006", ErrorKind::Unavailable, false}, {"08001", ErrorKind::Unavailable, false},
        {"08P01", ErrorKind::Unavailable, false}, {"53300", ErrorKind::Unavailable, false},
        {"57P01", ErrorKind::Unavailable, false}, {"57P03", ErrorKind::Unavailable, false},
        {"22003", ErrorKind::BadRequest, false},  {"22001", ErrorKind::BadRequest, false},
        {"42P01", ErrorKind::Internal, false},    {"42601", ErrorKind::Internal, false},
        {"23502", ErrorKind::Internal, false},    {"25P02", ErrorKind::Internal, false},
        {"", ErrorKind::Internal, false},         {"XX000", ErrorKind::Internal, false},
    };
    for (const auto& c : cases) {
        const auto meaning = classify_sqlstate(c.state);
        EXPECT_EQ(meaning.kind, c.kind) << c.state;
        EXPECT_EQ(meaning.retryable, c.retryable) << c.state;
    }
}

TEST(DbError, CarriesServerFactsButAGenericPublicMessage) {
    const DbError error(
        ServerError{"23505", "duplicate key value violates unique constraint \"users_email_key\"",
                    "Key (email)=(ana@example.com) already exists.", "users_email_key", "users", ""});
    EXPECT_EQ(error.kind(), ErrorKind::Conflict);
    EXPECT_EQ(error.code(), errc::kConflict);
    EXPECT_TRUE(error.is_unique_violation());
    EXPECT_EQ(error.constraint(), "users_email_key");
    EXPECT_EQ(error.table(), "users");
    EXPECT_FALSE(error.retryable());
    // Public: nothing from the server. Log detail: the state, constraint and primary message, but
    // not DETAIL, which holds the row's values.
    EXPECT_EQ(error.public_message().find("users"), std::string::npos);
    EXPECT_NE(error.detail().find("23505"), std::string::npos);
    EXPECT_NE(error.detail().find("users_email_key"), std::string::npos);
    EXPECT_EQ(error.detail().find("ana@example.com"), std::string::npos);
    EXPECT_EQ(std::string(error.what()).find("ana@example.com"), std::string::npos);
}

TEST(DbError, SerializationFailureIsRetryable) {
    const DbError error(ServerError{"40001", "could not serialize access", "", "", "", ""});
    EXPECT_TRUE(error.retryable());
    EXPECT_EQ(error.kind(), ErrorKind::Conflict);
}

TEST(DbError, UnknownIsInternalWithGenericMessage) {
    const DbError error(ServerError{"42P01", "relation \"nope\" does not exist", "", "", "", ""});
    EXPECT_EQ(error.kind(), ErrorKind::Internal);
    EXPECT_EQ(error.public_message(), kGenericMessage);
}

}  // namespace
}  // namespace bh::db
