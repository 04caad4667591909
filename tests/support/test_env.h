#pragma once
// Endpoints of the stack an integration test runs against. scripts/stack writes them to
// .run/endpoints.env; scripts/test exports them. A missing one fails the test (never skips it), so
// an integration run without its servers cannot pass by accident.
#include <string>

namespace bh::testing {

// The value of an environment variable such as PG_URL, REDIS_URL, KAFKA_BROKERS; fails the current
// test (ADD_FAILURE + throw) when it is unset.
std::string require_env(const char* name);
// A name no other test run uses: prefix + pid + counter (for topics, databases, keys).
std::string unique_name(const std::string& prefix);

}  // namespace bh::testing
