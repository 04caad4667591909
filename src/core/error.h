#pragma once
// Typed errors keyed on meaning. Business code throws AppError; the HTTP layer maps ErrorKind to a
// status in exactly one place (http/error_response.cpp). The public message goes to the client;
// the detail only to the log.
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace bh {

enum class ErrorKind {
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    Conflict,
    PayloadTooLarge,
    HeadersTooLarge,
    TooManyRequests,
    Unavailable,
    Timeout,
    Internal,
};

struct FieldError {
    std::string field;
    std::string message;
};

class AppError : public std::runtime_error {
  public:
    AppError(ErrorKind kind, std::string code, std::string public_message, std::string detail = {});

    ErrorKind kind() const { return kind_; }
    const std::string& code() const { return code_; }
    const std::string& public_message() const { return public_message_; }
    const std::string& detail() const { return detail_; }
    const std::vector<FieldError>& field_errors() const { return field_errors_; }
    std::optional<std::chrono::seconds> retry_after() const { return retry_after_; }

    AppError& with_fields(std::vector<FieldError> fields);
    AppError& with_retry_after(std::chrono::seconds after);

  private:
    ErrorKind kind_;
    std::string code_;
    std::string public_message_;
    std::string detail_;
    std::vector<FieldError> field_errors_;
    std::optional<std::chrono::seconds> retry_after_;
};

// The generic codes of the contract (seed-spec §0.1); services add their own next to their logic.
namespace errc {
inline constexpr const char* kJsonParse = "JSON_PARSE_ERROR";
inline constexpr const char* kValidation = "VALIDATION_ERROR";
inline constexpr const char* kGeneric = "GENERIC_MESSAGE";
inline constexpr const char* kNotFound = "NOT_FOUND";
inline constexpr const char* kMethodNotAllowed = "METHOD_NOT_ALLOWED";
inline constexpr const char* kPayloadTooLarge = "PAYLOAD_TOO_LARGE";
inline constexpr const char* kHeadersTooLarge = "REQUEST_HEADER_FIELDS_TOO_LARGE";
inline constexpr const char* kTooManyRequests = "TOO_MANY_REQUESTS";
inline constexpr const char* kUnavailable = "SERVICE_UNAVAILABLE";
inline constexpr const char* kTimeout = "UPSTREAM_TIMEOUT";
inline constexpr const char* kOptimisticLock = "OPTIMISTIC_LOCKING_FAILURE";
inline constexpr const char* kConflict = "CONFLICT";
inline constexpr const char* kInvalidToken = "INVALID_TOKEN";
inline constexpr const char* kInvalidAuthorizationHeader = "INVALID_AUTHORIZATION_HEADER";
inline constexpr const char* kRoleAccessDenied = "ROLE_ACCESS_DENIED";
}  // namespace errc

inline constexpr const char* kGenericMessage = "An unexpected error occurred. Please try again later.";

AppError bad_request(std::string message, std::string code = errc::kValidation);
AppError not_found(std::string message, std::string code = errc::kNotFound);
AppError conflict(std::string message, std::string code = errc::kConflict);
AppError unavailable(std::string message, std::string detail = {});
AppError timeout(std::string message, std::string detail = {});
AppError internal(std::string detail);

}  // namespace bh
