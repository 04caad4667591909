#pragma once
// docs/openapi.json, embedded in the binary at build time (see CMakeLists.txt): served at
// /v3/api-docs with no file to deploy beside the binary.
#include <string_view>

namespace bh::portal {

std::string_view openapi_document();

}  // namespace bh::portal
