#include "app/targets.h"

#include <gtest/gtest.h>

using bh::app::parse_targets;

TEST(Targets, AllMeansEveryServiceInStartOrder) {
    EXPECT_EQ(parse_targets("all"),
              (std::vector<std::string>{"auth", "budget", "payment", "notification", "portal"}));
}

TEST(Targets, CommaListIsDeduplicatedAndOrdered) {
    EXPECT_EQ(parse_targets("portal,auth,portal"), (std::vector<std::string>{"auth", "portal"}));
}

TEST(Targets, UnknownOrEmptyNamesAreRejected) {
    EXPECT_THROW(parse_targets("portal,bogus"), std::invalid_argument);
    EXPECT_THROW(parse_targets(""), std::invalid_argument);
    EXPECT_THROW(parse_targets("auth,"), std::invalid_argument);
}
