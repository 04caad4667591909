#include "services/notification/domain/retry_policy.h"

#include <algorithm>
#include <cmath>

namespace bh::notification {

std::chrono::milliseconds RetryPolicy::delay_after(int attempts, double random01) const {
    const double base = static_cast<double>(base_delay.count());
    const double cap = static_cast<double>(max_delay.count());
    const int exponent = std::clamp(attempts - 1, 0, 62);
    const double exponential = std::min(cap, base * std::pow(2.0, exponent));
    const double factor = 1.0 + jitter * (2.0 * std::clamp(random01, 0.0, 1.0) - 1.0);
    return std::chrono::milliseconds(std::max<long long>(1, std::llround(exponential * factor)));
}

}  // namespace bh::notification
