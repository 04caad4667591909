#pragma once
// When a failed e-mail is tried again: exponential backoff with jitter and a bounded number of
// attempts (notification.retry_* keys). Pure arithmetic, so the schedule is unit-tested.
#include <chrono>

namespace bh::notification {

struct RetryPolicy {
    int max_attempts = 5;  // sends in total, the first included
    std::chrono::milliseconds base_delay{30'000};
    std::chrono::milliseconds max_delay{3'600'000};
    double jitter = 0.2;  // ± fraction of the delay, so failed mails of one outage spread out

    // Delay after the `attempts`-th failed attempt (attempts ≥ 1): base · 2^(attempts−1), capped at
    // max_delay, times a factor in [1 − jitter, 1 + jitter] picked by `random01` ∈ [0, 1).
    std::chrono::milliseconds delay_after(int attempts, double random01) const;
    bool exhausted(int attempts) const { return attempts >= max_attempts; }
};

}  // namespace bh::notification
