#pragma once
// Object keys we accept: 1..512 characters of [A-Za-z0-9._-] in '/'-separated segments, no empty,
// "." or ".." segment. Such a key is the same in a URL path (no escaping needed) and safe as a
// relative file path under the local store's directory.
#include <string_view>

namespace bh::storage {

bool is_valid_object_key(std::string_view key);
// Throws AppError BadRequest (INVALID_OBJECT_KEY) unless is_valid_object_key(key).
void require_valid_object_key(std::string_view key);

}  // namespace bh::storage
