#pragma once
// Small helpers shared by the invoice and export handlers: path UUIDs with a 400 naming the
// parameter, and the caller's identity with a role check.
#include <boost/asio/awaitable.hpp>
#include <string_view>

#include "core/uuid.h"
#include "http/message.h"
#include "identity/authenticator.h"

namespace bh::budget {

// 400 VALIDATION_ERROR {"field": name, "message": "must be a UUID"} unless the path parameter is one.
Uuid path_uuid(const http::Request& request, std::string_view name);

// Authenticates the caller (401).
boost::asio::awaitable<identity::Principal> caller(const identity::Authenticator& authenticator,
                                                   const http::Request& request);

// 403 ROLE_ACCESS_DENIED unless the caller holds one of the roles. Plain functions: g++ 12 rejects
// a braced role list (an initializer_list) inside a coroutine body.
void require_admin(const identity::Principal& principal);
void require_admin_or_manager(const identity::Principal& principal);

}  // namespace bh::budget
