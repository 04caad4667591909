#pragma once
#include <memory>
#include <span>

#include "db/migration.h"
#include "runtime/runtime.h"
#include "runtime/service.h"

namespace bh::notification {

std::unique_ptr<runtime::Service> make_service(runtime::Runtime& runtime);
std::span<const db::Migration> migrations();

}  // namespace bh::notification
