#pragma once
// The one place where errors become HTTP: status from ErrorKind, body
// {"message","status","errorCode"}, and for field validation, in the format the client asked for:
//  - Text (the default): the seed's flat map beside them, one property per problem whose key and
//    value are the same line "<field>: <problem>". The original client shows every property but
//    status and errorCode as text: every value is a string, and `message` is a sentence that names
//    every problem (readable_message).
//  - Structured (Accept: application/problem+json): "errors": [{"field","message"}, ...], the
//    per-field list in order, for programs; Content-Type application/problem+json.
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
enum class ErrorFormat { Text, Structured };
// Structured when the Accept header names application/problem+json, else Text.
ErrorFormat error_format(std::string_view accept);
Response error_response(const AppError& error, ErrorFormat format = ErrorFormat::Text);
// Any exception: AppError keeps its meaning; anything else is logged with the request id and
// becomes a generic 500 that reveals nothing.
Response error_response(const std::exception_ptr& error, std::string_view request_id,
                        ErrorFormat format = ErrorFormat::Text);

}  // namespace bh::http
