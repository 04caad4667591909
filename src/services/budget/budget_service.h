#pragma once
#include <memory>

#include "runtime/runtime.h"
#include "runtime/service.h"

namespace bh::budget {

std::unique_ptr<runtime::Service> make_service(runtime::Runtime& runtime);

}  // namespace bh::budget
