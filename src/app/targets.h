#pragma once
// The five targets of `budgethub serve` and how a --target list is read.
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "db/migration.h"
#include "runtime/runtime.h"
#include "runtime/service.h"

namespace bh::app {

const std::vector<std::string>& all_targets();  // in start order
// "all", or a comma list of target names; throws std::invalid_argument naming an unknown target.
std::vector<std::string> parse_targets(std::string_view list);
std::unique_ptr<runtime::Service> make_target(std::string_view name, runtime::Runtime& runtime);
// The embedded migrations of a target's database (empty for the portal, which has none).
std::span<const db::Migration> target_migrations(std::string_view name);

}  // namespace bh::app
