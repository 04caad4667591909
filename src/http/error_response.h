#pragma once
// The one place where errors become HTTP: status from ErrorKind, body
// {"message","status","errorCode"}, and for field validation also
//   "fieldErrors": {"<field>": "<field>: <message>", ...}   the seed's flat map, a line per field
//   "errors": [{"field","message"}, ...]          the per-field list, in order, for programs
// The original client shows every property but status and errorCode as text, so `message` is a
// sentence that names every problem (readable_message) and every other value reads as text.
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "http/message.h"

namespace bh::http {

int status_for(ErrorKind kind);
// The error's message, completed with "(<field> <message>, ...)" for every field error it does not
// already mention (by the field's name as a word, or by the field's message).
std::string readable_message(std::string_view message, const std::vector<FieldError>& fields);
Response error_response(const AppError& error);
// Any exception: AppError keeps its meaning; anything else is logged with the request id and
// becomes a generic 500 that reveals nothing.
Response error_response(const std::exception_ptr& error, std::string_view request_id);

}  // namespace bh::http
