#pragma once
#include <memory>

#include "runtime/runtime.h"
#include "runtime/service.h"

namespace bh::auth {

std::unique_ptr<runtime::Service> make_service(runtime::Runtime& runtime);

}  // namespace bh::auth
