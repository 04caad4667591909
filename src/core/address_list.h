#pragma once
// Lists of exact peer addresses from configuration ("127.0.0.1, ::1"), and membership that treats
// an IPv4 peer seen on a dual-stack socket ("::ffff:127.0.0.1") as the IPv4 address it is.
#include <string>
#include <string_view>
#include <vector>

namespace bh {

// "127.0.0.1, ::1" -> {"127.0.0.1", "::1"}; empty items are dropped.
std::vector<std::string> parse_address_list(std::string_view text);
// "::ffff:127.0.0.1" -> "127.0.0.1"; anything else unchanged.
std::string_view unmapped_address(std::string_view address);
bool address_listed(std::string_view address, const std::vector<std::string>& list);

}  // namespace bh
