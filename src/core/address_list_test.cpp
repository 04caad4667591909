#include "core/address_list.h"

#include <gtest/gtest.h>

namespace bh {
namespace {

TEST(AddressList, ParsesCommaSeparatedExactAddresses) {
    EXPECT_EQ(parse_address_list(" 127.0.0.1, ,::1 ,10.0.0.5"),
              (std::vector<std::string>{"127.0.0.1", "::1", "10.0.0.5"}));
    EXPECT_TRUE(parse_address_list("").empty());
}

TEST(AddressList, AnIpv4PeerOnADualStackSocketIsItsIpv4Address) {
    const auto list = parse_address_list("127.0.0.1,::1");
    EXPECT_TRUE(address_listed("127.0.0.1", list));
    EXPECT_TRUE(address_listed("::ffff:127.0.0.1", list));
    EXPECT_TRUE(address_listed("::1", list));
    EXPECT_FALSE(address_listed("127.0.0.2", list));
    EXPECT_FALSE(address_listed("::ffff:10.0.0.5", list));
    EXPECT_EQ(unmapped_address("::ffff:ab"), "::ffff:ab");  // not an IPv4 inside: unchanged
}

}  // namespace
}  // namespace bh
