// The shared payment vocabulary: every status has one name that parses back to it.
#include "contracts/payment_contract.h"

#include <gtest/gtest.h>

using namespace bh::contracts;

TEST(PaymentContract, EveryStatusRoundTripsThroughItsName) {
    for (const auto status :
         {PaymentStatus::Created, PaymentStatus::RequiresAction, PaymentStatus::Processing,
          PaymentStatus::Succeeded, PaymentStatus::PartiallyRefunded, PaymentStatus::Refunded,
          PaymentStatus::Canceled, PaymentStatus::Failed}) {
        EXPECT_EQ(parse_payment_status(to_string(status)), status) << to_string(status);
    }
    EXPECT_EQ(to_string(PaymentStatus::PartiallyRefunded), "PARTIALLY_REFUNDED");
    EXPECT_FALSE(parse_payment_status("succeeded"));  // Stripe's spelling is not ours
    EXPECT_FALSE(parse_payment_status(""));
}

TEST(PaymentContract, TopicNames) {
    EXPECT_EQ(reserve_topic("bh."), "bh.budget.reserve");
    EXPECT_EQ(payment_updated_topic("bh."), "bh.payment.updated");
}
