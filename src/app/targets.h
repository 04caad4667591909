#pragma once
// The five targets of `budgethub serve` and how a --target list is read.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/runtime.h"
#include "runtime/service.h"

namespace bh::app {

const std::vector<std::string>& all_targets();  // in start order
// "all", or a comma list of target names; throws std::invalid_argument naming an unknown target.
std::vector<std::string> parse_targets(std::string_view list);
std::unique_ptr<runtime::Service> make_target(std::string_view name, runtime::Runtime& runtime);

}  // namespace bh::app
