#pragma once
// SQLSTATE mapped to meaning, once. Every error the server reports becomes a DbError: an AppError
// whose kind the HTTP layer already knows how to answer (23505 -> Conflict -> 409, 57014 -> Timeout,
// 08xxx -> Unavailable, ...), with a generic public message. The server's own text goes to the log
// detail only; services that want a precise message ("email already exists") catch DbError and look
// at constraint().
#include <string>
#include <string_view>

#include "core/error.h"

namespace bh::db {

namespace sqlstate {
inline constexpr std::string_view kUniqueViolation = "23505";
inline constexpr std::string_view kForeignKeyViolation = "23503";
inline constexpr std::string_view kCheckViolation = "23514";
inline constexpr std::string_view kNotNullViolation = "23502";
inline constexpr std::string_view kExclusionViolation = "23P01";
inline constexpr std::string_view kSerializationFailure = "40001";
inline constexpr std::string_view kDeadlockDetected = "40P01";
inline constexpr std::string_view kQueryCanceled = "57014";
inline constexpr std::string_view kLockNotAvailable = "55P03";
inline constexpr std::string_view kDuplicateDatabase = "42P04";
inline constexpr std::string_view kUndefinedTable = "42P01";
inline constexpr std::string_view kConnectionFailure = "08006";
inline constexpr std::string_view kConnectionDoesNotExist = "08003";
inline constexpr std::string_view kUnableToConnect = "08001";
}  // namespace sqlstate

struct SqlStateMeaning {
    ErrorKind kind;
    const char* code;            // the public error code (errc::...)
    const char* public_message;  // safe to show to anyone
    bool retryable;              // the whole transaction may be run again
};

// Total: an unknown or empty SQLSTATE means Internal.
SqlStateMeaning classify_sqlstate(std::string_view sqlstate);

struct ServerError {
    std::string sqlstate;
    std::string message;     // primary message: no row values, safe for logs
    std::string detail;      // DETAIL: may hold row values (an e-mail...), never logged by us
    std::string constraint;  // for 23xxx
    std::string table;
    std::string column;
};

class DbError : public AppError {
  public:
    explicit DbError(ServerError error);

    const std::string& sqlstate() const { return error_.sqlstate; }
    const std::string& constraint() const { return error_.constraint; }
    const std::string& table() const { return error_.table; }
    const std::string& column() const { return error_.column; }
    const std::string& server_message() const { return error_.message; }
    const std::string& server_detail() const { return error_.detail; }
    bool retryable() const { return retryable_; }

    bool is_unique_violation() const { return error_.sqlstate == sqlstate::kUniqueViolation; }
    bool is_foreign_key_violation() const { return error_.sqlstate == sqlstate::kForeignKeyViolation; }
    bool is_check_violation() const { return error_.sqlstate == sqlstate::kCheckViolation; }

  private:
    // Takes `error` by reference so `meaning` can be computed from it before it is moved from.
    DbError(ServerError&& error, const SqlStateMeaning& meaning);

    ServerError error_;
    bool retryable_;
};

}  // namespace bh::db
