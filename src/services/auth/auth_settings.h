#pragma once
// The auth.* settings (declared in auth_settings.cpp): token lifetimes, the deny-list check, the
// password-reset link, attempt limits, the argon2id workers and the proxies whose forwarded
// address is believed.
#include <chrono>
#include <cstddef>
#include <string>

#include "core/settings.h"
#include "services/auth/sessions/attempt_limits.h"

namespace bh::auth {

struct AuthSettings {
    std::chrono::seconds access_token_ttl{};
    std::chrono::seconds refresh_token_ttl{};
    std::chrono::milliseconds deny_list_check_interval{};
    std::chrono::milliseconds refresh_reuse_grace{};
    std::chrono::seconds reset_token_ttl{};
    std::string reset_url;
    std::string trusted_proxies;  // address list (core/address_list.h)
    Limit sign_in;
    Limit recover;
    std::size_t hash_threads = 0;
    std::size_t hash_backlog = 0;
};

const settings::Declaration<AuthSettings>& auth_settings();

}  // namespace bh::auth
