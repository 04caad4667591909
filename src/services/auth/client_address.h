#pragma once
// The address a request came from, for rate limits. X-Forwarded-For is believed only when the
// connection itself comes from a trusted proxy (the portal), and then only up to the first hop that
// is not a trusted proxy: a client cannot pick its own address by sending the header.
#include <string>
#include <string_view>
#include <vector>

namespace bh::auth {

std::string client_address(std::string_view remote_address, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies);

}  // namespace bh::auth
