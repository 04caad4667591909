#pragma once
// The one place where errors become HTTP: status from ErrorKind, body
// {"message","status","errorCode"} (+ "errors":[{"field","message"}] for field validation).
#include <exception>

#include "core/error.h"
#include "http/message.h"

namespace bh::http {

int status_for(ErrorKind kind);
Response error_response(const AppError& error);
// Any exception: AppError keeps its meaning; anything else is logged with the request id and
// becomes a generic 500 that reveals nothing.
Response error_response(const std::exception_ptr& error, std::string_view request_id);

}  // namespace bh::http
