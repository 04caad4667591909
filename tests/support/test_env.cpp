#include "support/test_env.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <stdexcept>

namespace bh::testing {

std::string require_env(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
        ADD_FAILURE() << name
                      << " is not set: start the stack (scripts/stack up) and source .run/endpoints.env";
        throw std::runtime_error(std::string("missing ") + name);
    }
    return value;
}

std::string unique_name(const std::string& prefix) {
    static std::atomic<int> counter{0};
    const auto now = std::chrono::steady_clock::now().time_since_epoch().count() % 1'000'000;
    return prefix + "_" + std::to_string(::getpid()) + "_" + std::to_string(now) + "_" +
           std::to_string(counter++);
}

}  // namespace bh::testing
