#include "core/error.h"

namespace bh {

AppError::AppError(ErrorKind kind, std::string code, std::string public_message, std::string detail)
    : std::runtime_error(detail.empty() ? public_message : detail),
      kind_(kind),
      code_(std::move(code)),
      public_message_(std::move(public_message)),
      detail_(std::move(detail)) {}

AppError& AppError::with_fields(std::vector<FieldError> fields) {
    field_errors_ = std::move(fields);
    return *this;
}

AppError& AppError::with_retry_after(std::chrono::seconds after) {
    retry_after_ = after;
    return *this;
}

AppError bad_request(std::string message, std::string code) {
    return {ErrorKind::BadRequest, std::move(code), std::move(message)};
}
AppError not_found(std::string message, std::string code) {
    return {ErrorKind::NotFound, std::move(code), std::move(message)};
}
AppError conflict(std::string message, std::string code) {
    return {ErrorKind::Conflict, std::move(code), std::move(message)};
}
AppError unavailable(std::string message, std::string detail) {
    return {ErrorKind::Unavailable, errc::kUnavailable, std::move(message), std::move(detail)};
}
AppError timeout(std::string message, std::string detail) {
    return {ErrorKind::Timeout, errc::kTimeout, std::move(message), std::move(detail)};
}
AppError internal(std::string detail) {
    return {ErrorKind::Internal, errc::kGeneric, kGenericMessage, std::move(detail)};
}

}  // namespace bh
