#include "services/auth/client_address.h"

#include "core/address_list.h"

namespace bh::auth {

std::string client_address(std::string_view remote_address, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies) {
    if (!address_listed(remote_address, trusted_proxies))
        return std::string(unmapped_address(remote_address));
    const auto hops = parse_address_list(forwarded_for);
    // Right to left: each trusted proxy appended the address it received from.
    for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
        if (!address_listed(*hop, trusted_proxies)) return std::string(unmapped_address(*hop));
    }
    return hops.empty() ? std::string(unmapped_address(remote_address))
                        : std::string(unmapped_address(hops.front()));
}

}  // namespace bh::auth
