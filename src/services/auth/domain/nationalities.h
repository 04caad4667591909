#pragma once
#include <string_view>

namespace bh::auth {

// True for one of the seed's nationality names ("Portuguese", "British", ...), exactly as spelled.
bool is_known_nationality(std::string_view name);

}  // namespace bh::auth
