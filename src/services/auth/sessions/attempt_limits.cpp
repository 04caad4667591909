#include "services/auth/sessions/attempt_limits.h"

#include <algorithm>
#include <string>

#include "core/error.h"

namespace bh::auth {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    return out;
}

[[noreturn]] void too_many(std::chrono::milliseconds retry_after) {
    auto seconds = std::chrono::ceil<std::chrono::seconds>(retry_after);
    if (seconds.count() < 1) seconds = std::chrono::seconds(1);
    throw AppError(ErrorKind::TooManyRequests, errc::kTooManyRequests,
                   "Too many attempts. Please try again later.")
        .with_retry_after(seconds);
}

}  // namespace

AttemptLimits::AttemptLimits(const redis::Client& client, Limit sign_in, Limit recover)
    : sign_in_email_(client, "auth-sign-in-email", sign_in.per_email, sign_in.window),
      sign_in_address_(client, "auth-sign-in-address", sign_in.per_address, sign_in.window),
      recover_email_(client, "auth-recover-email", recover.per_email, recover.window),
      recover_address_(client, "auth-recover-address", recover.per_address, recover.window) {}

boost::asio::awaitable<void> AttemptLimits::check(redis::RateLimiter& by_email,
                                                  redis::RateLimiter& by_address, std::string_view email,
                                                  std::string_view address) {
    // The address first: a flood from one client should not burn its victims' per-e-mail budget.
    const auto by_ip = co_await by_address.hit(address);
    if (!by_ip.allowed) too_many(by_ip.retry_after);
    const auto by_mail = co_await by_email.hit(lower(email));
    if (!by_mail.allowed) too_many(by_mail.retry_after);
}

boost::asio::awaitable<void> AttemptLimits::sign_in(std::string_view email, std::string_view address) {
    co_await check(sign_in_email_, sign_in_address_, email, address);
}

boost::asio::awaitable<void> AttemptLimits::registration(std::string_view address) {
    const auto by_ip = co_await sign_in_address_.hit(address);
    if (!by_ip.allowed) too_many(by_ip.retry_after);
}

boost::asio::awaitable<void> AttemptLimits::recover(std::string_view email, std::string_view address) {
    co_await check(recover_email_, recover_address_, email, address);
}

}  // namespace bh::auth
