#pragma once
// Small helpers shared by the route files.
#include <boost/json/object.hpp>
#include <cstddef>
#include <string_view>

#include "core/uuid.h"
#include "http/message.h"
#include "identity/principal.h"
#include "services/budget/records.h"

namespace bh::budget {

Actor actor_of(const identity::Principal& principal, const http::Request& request);
http::Response ok(boost::json::object body);
// The longest `name` a listing filters on (the longest name a budget record may have).
inline constexpr std::size_t kNameFilterMax = 200;

}  // namespace bh::budget
