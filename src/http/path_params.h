#pragma once
// Typed reading of a matched route's path parameters ("/api/v1/movement/{id}"), with the 400 every
// route answers the same way: VALIDATION_ERROR naming the parameter.
#include <string_view>

#include "core/uuid.h"
#include "http/message.h"

namespace bh::http {

// The parameter as a UUID; 400 VALIDATION_ERROR {"<name>": "must be a UUID"} otherwise.
Uuid path_uuid(const Request& request, std::string_view name);

}  // namespace bh::http
