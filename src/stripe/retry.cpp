// The retry policy of the Stripe client (see retry.h).
#include "stripe/retry.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace bh::stripe {

namespace {

bool is_retryable_status(int status) {
    return status == 0 || status == 409 || status == 429 || (status >= 500 && status <= 599);
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace

bool should_retry(const AttemptResult& result) {
    if (result.stripe_should_retry == false) return false;
    return is_retryable_status(result.http_status);
}

std::optional<bool> parse_should_retry(std::string_view header) {
    while (!header.empty() && header.front() == ' ') header.remove_prefix(1);
    while (!header.empty() && header.back() == ' ') header.remove_suffix(1);
    if (equals_ignoring_case(header, "true")) return true;
    if (equals_ignoring_case(header, "false")) return false;
    return std::nullopt;
}

std::chrono::milliseconds backoff_delay(int failed_attempts, std::chrono::milliseconds base, double jitter) {
    constexpr std::chrono::milliseconds kMaxDelay{3'600'000};
    const int doublings = std::clamp(failed_attempts - 1, 0, 30);
    const double full = std::min(static_cast<double>(base.count()) * static_cast<double>(1LL << doublings),
                                 static_cast<double>(kMaxDelay.count()));
    const double share = 0.5 + 0.5 * std::clamp(jitter, 0.0, 1.0);
    return std::chrono::milliseconds(static_cast<std::int64_t>(full * share));
}

}  // namespace bh::stripe
