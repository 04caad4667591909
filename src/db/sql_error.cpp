#include "db/sql_error.h"

namespace bh::db {

namespace {

constexpr const char* kConflictMessage = "The request conflicts with the current state of the data.";
constexpr const char* kConcurrentMessage =
    "The data was changed at the same time by another request; please retry.";
constexpr const char* kInvalidValueMessage = "A value is out of range or malformed.";
constexpr const char* kTimeoutMessage = "The database did not answer in time.";
constexpr const char* kUnavailableMessage = "The database is unavailable. Please try again later.";

std::string log_detail(const ServerError& e) {
    std::string out = "postgres " + (e.sqlstate.empty() ? std::string("(no sqlstate)") : e.sqlstate);
    if (!e.constraint.empty()) out += " constraint=" + e.constraint;
    if (!e.table.empty()) out += " table=" + e.table;
    out += ": " + e.message;
    return out;
}

}  // namespace

SqlStateMeaning classify_sqlstate(std::string_view state) {
    using K = ErrorKind;
    if (state == sqlstate::kUniqueViolation || state == sqlstate::kForeignKeyViolation ||
        state == sqlstate::kExclusionViolation) {
        return {K::Conflict, errc::kConflict, kConflictMessage, false};
    }
    // A CHECK guards an invariant of stored state (spent <= allocated): the request is well formed
    // but cannot be applied now, which is a conflict rather than bad input.
    if (state == sqlstate::kCheckViolation) return {K::Conflict, errc::kConflict, kConflictMessage, false};
    if (state == sqlstate::kSerializationFailure || state == sqlstate::kDeadlockDetected) {
        return {K::Conflict, errc::kConflict, kConcurrentMessage, true};
    }
    if (state == sqlstate::kLockNotAvailable)
        return {K::Conflict, errc::kConflict, kConcurrentMessage, false};
    if (state == sqlstate::kQueryCanceled) return {K::Timeout, errc::kTimeout, kTimeoutMessage, false};
    const std::string_view klass = state.substr(0, 2);
    // Class 22 (data exception): a value the service let through does not fit the column.
    if (klass == "22") return {K::BadRequest, errc::kValidation, kInvalidValueMessage, false};
    // 08 connection, 53 insufficient resources, 57P0x shutdown / cannot connect now.
    if (klass == "08" || klass == "53" || state == "57P01" || state == "57P02" || state == "57P03") {
        return {K::Unavailable, errc::kUnavailable, kUnavailableMessage, false};
    }
    return {K::Internal, errc::kGeneric, kGenericMessage, false};
}

DbError::DbError(ServerError error) : DbError(std::move(error), classify_sqlstate(error.sqlstate)) {}

DbError::DbError(ServerError&& error, const SqlStateMeaning& meaning)
    : AppError(meaning.kind, meaning.code, meaning.public_message, log_detail(error)),
      error_(std::move(error)),
      retryable_(meaning.retryable) {}

}  // namespace bh::db
