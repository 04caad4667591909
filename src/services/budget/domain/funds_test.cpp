// Every accounting rule of movements and budgets, one by one (domain/funds.h, movement_status.h).
#include "services/budget/domain/funds.h"

#include <gtest/gtest.h>

namespace bh::budget {
namespace {

Money m(const char* text) {
    return *Money::parse(text);
}

const Uuid kTypeA = *Uuid::parse("00000000-0000-7000-8000-00000000000a");
const Uuid kTypeB = *Uuid::parse("00000000-0000-7000-8000-00000000000b");
const Uuid kSub1 = *Uuid::parse("00000000-0000-7000-8000-000000000001");
const Uuid kSub2 = *Uuid::parse("00000000-0000-7000-8000-000000000002");

TEST(Iva, IsRoundedHalfUpToTheCent) {
    // 0.05 × 10 % = 0.005 → 0.01 (half-up), not 0.00 (truncation, the seed's (long) casts).
    auto a = compute_amounts(m("0.05"), 1000);
    EXPECT_EQ(a.iva_value, m("0.01"));
    EXPECT_EQ(a.total_value, m("0.06"));
    // 0.04 × 10 % = 0.004 → 0.00.
    EXPECT_EQ(compute_amounts(m("0.04"), 1000).iva_value, m("0.00"));
    // 1000 × 23 % = 230 exactly; 19.99 × 23 % = 4.5977 → 4.60.
    EXPECT_EQ(compute_amounts(m("1000"), 2300).total_value, m("1230"));
    EXPECT_EQ(compute_amounts(m("19.99"), 2300).iva_value, m("4.60"));
    // A fractional rate: 6.25 % of 10.00 = 0.625 → 0.63.
    EXPECT_EQ(compute_amounts(m("10.00"), 625).iva_value, m("0.63"));
    EXPECT_EQ(compute_amounts(m("10.00"), 0).total_value, m("10.00"));
}

TEST(HeldAmount, OnlySucceededHoldsMoneyAndCreditGivesBack) {
    EXPECT_EQ(held_amount(MovementKind::Debit, MovementStatus::Succeeded, m("5")), m("5"));
    EXPECT_EQ(held_amount(MovementKind::Credit, MovementStatus::Succeeded, m("5")), m("-5"));
    for (auto status : {MovementStatus::Accepted, MovementStatus::Processing, MovementStatus::Canceled,
                        MovementStatus::Refused, MovementStatus::Failed, MovementStatus::Refunded}) {
        EXPECT_TRUE(held_amount(MovementKind::Debit, status, m("5")).is_zero()) << to_string(status);
        EXPECT_TRUE(held_amount(MovementKind::Credit, status, m("5")).is_zero()) << to_string(status);
    }
}

TEST(Status, OnlyLegalTransitions) {
    using S = MovementStatus;
    EXPECT_TRUE(is_legal_transition(S::Accepted, S::Succeeded));
    EXPECT_TRUE(is_legal_transition(S::Processing, S::Failed));
    EXPECT_TRUE(is_legal_transition(S::Succeeded, S::Refunded));
    EXPECT_TRUE(is_legal_transition(S::Succeeded, S::Canceled));
    EXPECT_TRUE(is_legal_transition(S::Succeeded, S::Succeeded));  // a repeat, holds nothing more
    EXPECT_FALSE(is_legal_transition(S::Succeeded, S::Accepted));
    EXPECT_FALSE(is_legal_transition(S::Succeeded, S::Processing));
    EXPECT_FALSE(is_legal_transition(S::Accepted, S::Refunded));  // nothing was paid
    EXPECT_FALSE(is_legal_transition(S::Processing, S::Accepted));
    for (auto final_status : {S::Canceled, S::Refused, S::Failed, S::Refunded}) {
        for (auto to : {S::Accepted, S::Processing, S::Succeeded}) {
            EXPECT_FALSE(is_legal_transition(final_status, to))
                << to_string(final_status) << "->" << to_string(to);
        }
    }
    EXPECT_TRUE(is_legal_initial_status(S::Accepted));
    EXPECT_TRUE(is_legal_initial_status(S::Succeeded));
    EXPECT_FALSE(is_legal_initial_status(S::Refunded));
    EXPECT_FALSE(is_legal_initial_status(S::Canceled));
}

TEST(Status, NamesRoundTrip) {
    for (const char* name :
         {"ACCEPTED", "PROCESSING", "SUCCEEDED", "CANCELED", "REFUSED", "FAILED", "REFUNDED"}) {
        auto status = parse_movement_status(name);
        ASSERT_TRUE(status) << name;
        EXPECT_EQ(to_string(*status), name);
    }
    EXPECT_FALSE(parse_movement_status("succeeded"));
    EXPECT_FALSE(parse_movement_kind("EXPENSE"));
    EXPECT_EQ(parse_movement_kind("CREDIT"), MovementKind::Credit);
}

TEST(Plan, CreatingASubtypeMovementSpendsOnSubtypeAndType) {
    auto plan = plan_funds(std::nullopt, Booking{{kTypeA, kSub1}, m("10")});
    ASSERT_EQ(plan.subtypes.size(), 1u);
    EXPECT_EQ(plan.subtypes[0].delta, m("10"));
    ASSERT_EQ(plan.types.size(), 1u);
    EXPECT_EQ(plan.types[0].spent_delta, m("10"));
    EXPECT_TRUE(plan.types[0].direct_delta.is_zero());
}

TEST(Plan, ATypeMovementIsDirectSpending) {
    auto plan = plan_funds(std::nullopt, Booking{{kTypeA, std::nullopt}, m("7")});
    EXPECT_TRUE(plan.subtypes.empty());
    ASSERT_EQ(plan.types.size(), 1u);
    EXPECT_EQ(plan.types[0].spent_delta, m("7"));
    EXPECT_EQ(plan.types[0].direct_delta, m("7"));
}

TEST(Plan, UpdateAppliesOnlyTheDifferenceWithTheRightSign) {
    // Seed ⚠ #7: raising a succeeded movement from 10 to 15 must spend 5 more, not give 5 back.
    auto plan = plan_funds(Booking{{kTypeA, kSub1}, m("10")}, Booking{{kTypeA, kSub1}, m("15")});
    ASSERT_EQ(plan.subtypes.size(), 1u);
    EXPECT_EQ(plan.subtypes[0].delta, m("5"));
    EXPECT_EQ(plan.types[0].spent_delta, m("5"));
    // Lowering it gives back the difference.
    auto lower = plan_funds(Booking{{kTypeA, kSub1}, m("10")}, Booking{{kTypeA, kSub1}, m("4")});
    EXPECT_EQ(lower.subtypes[0].delta, m("-6"));
}

TEST(Plan, NothingChangesWhenNothingIsHeld) {
    EXPECT_TRUE(plan_funds(Booking{{kTypeA, kSub1}, {}}, Booking{{kTypeA, kSub1}, {}}).empty());
    // A repeated SUCCEEDED (seed ⚠ #9): same booking before and after, nothing spent twice.
    EXPECT_TRUE(plan_funds(Booking{{kTypeA, kSub1}, m("3")}, Booking{{kTypeA, kSub1}, m("3")}).empty());
    // Budget-less movements touch nothing.
    EXPECT_TRUE(plan_funds(std::nullopt, Booking{{}, m("3")}).empty());
}

TEST(Plan, DeleteCancelAndRefundReturnExactlyWhatWasHeld) {
    auto deleted = plan_funds(Booking{{kTypeA, kSub1}, m("12.34")}, std::nullopt);
    EXPECT_EQ(deleted.subtypes[0].delta, m("-12.34"));
    EXPECT_EQ(deleted.types[0].spent_delta, m("-12.34"));
    auto canceled = plan_funds(Booking{{kTypeA, std::nullopt}, m("8")}, Booking{{kTypeA, std::nullopt}, {}});
    EXPECT_EQ(canceled.types[0].spent_delta, m("-8"));
    EXPECT_EQ(canceled.types[0].direct_delta, m("-8"));
    // A credit that is canceled takes back what it gave.
    auto credit = plan_funds(Booking{{kTypeA, kSub1}, m("-5")}, std::nullopt);
    EXPECT_EQ(credit.subtypes[0].delta, m("5"));
}

TEST(Plan, MovingBetweenBudgetsReleasesTheOldAndSpendsOnTheNewInLockOrder) {
    auto plan = plan_funds(Booking{{kTypeB, kSub2}, m("10")}, Booking{{kTypeA, kSub1}, m("12")});
    ASSERT_EQ(plan.subtypes.size(), 2u);
    EXPECT_EQ(plan.subtypes[0].subtype_id, kSub1);  // sorted by id
    EXPECT_EQ(plan.subtypes[0].delta, m("12"));
    EXPECT_EQ(plan.subtypes[1].subtype_id, kSub2);
    EXPECT_EQ(plan.subtypes[1].delta, m("-10"));
    ASSERT_EQ(plan.types.size(), 2u);
    EXPECT_EQ(plan.types[0].type_id, kTypeA);
    EXPECT_EQ(plan.types[0].spent_delta, m("12"));
    EXPECT_EQ(plan.types[1].spent_delta, m("-10"));
    // Between two subtypes of one type: the type's total moves by the difference only.
    auto sibling = plan_funds(Booking{{kTypeA, kSub2}, m("10")}, Booking{{kTypeA, kSub1}, m("10")});
    ASSERT_EQ(sibling.types.size(), 0u);
    ASSERT_EQ(sibling.subtypes.size(), 2u);
    // From a subtype to its type directly: type total unchanged, direct spending grows.
    auto to_type = plan_funds(Booking{{kTypeA, kSub1}, m("10")}, Booking{{kTypeA, std::nullopt}, m("10")});
    ASSERT_EQ(to_type.types.size(), 1u);
    EXPECT_TRUE(to_type.types[0].spent_delta.is_zero());
    EXPECT_EQ(to_type.types[0].direct_delta, m("10"));
}

TEST(Plan, ReservationsMoveWithSpendingInTheSameRows) {
    // A payment line reserved on a subtype: spent and reserved grow together, on subtype and type.
    auto reserved = plan_funds(std::nullopt, Booking{{kTypeA, kSub1}, m("12.30"), m("12.30")});
    ASSERT_EQ(reserved.subtypes.size(), 1u);
    EXPECT_EQ(reserved.subtypes[0].delta, m("12.30"));
    EXPECT_EQ(reserved.subtypes[0].reserved_delta, m("12.30"));
    ASSERT_EQ(reserved.types.size(), 1u);
    EXPECT_EQ(reserved.types[0].spent_delta, m("12.30"));
    EXPECT_TRUE(reserved.types[0].direct_delta.is_zero());
    EXPECT_EQ(reserved.types[0].reserved_delta, m("12.30"));
    // Charged: spending unchanged, the reservation goes; the rows are still in the plan.
    auto charged = plan_funds(Booking{{kTypeA, kSub1}, m("12.30"), m("12.30")},
                              Booking{{kTypeA, kSub1}, m("12.30"), m("0")});
    ASSERT_EQ(charged.subtypes.size(), 1u);
    EXPECT_TRUE(charged.subtypes[0].delta.is_zero());
    EXPECT_EQ(charged.subtypes[0].reserved_delta, m("-12.30"));
    ASSERT_EQ(charged.types.size(), 1u);
    EXPECT_TRUE(charged.types[0].spent_delta.is_zero());
    EXPECT_EQ(charged.types[0].reserved_delta, m("-12.30"));
    // On the type itself: direct spending too.
    auto direct = plan_funds(std::nullopt, Booking{{kTypeA, std::nullopt}, m("5"), m("5")});
    ASSERT_EQ(direct.types.size(), 1u);
    EXPECT_EQ(direct.types[0].direct_delta, m("5"));
    EXPECT_EQ(direct.types[0].reserved_delta, m("5"));
}

TEST(Plan, SeveralBookingsNetPerRowInLockOrder) {
    // A payment of three lines, on two subtypes of A (given out of id order) and on B directly.
    const std::vector<Booking> lines{{{kTypeA, kSub2}, m("3"), m("3")},
                                     {{kTypeB, std::nullopt}, m("4"), m("4")},
                                     {{kTypeA, kSub1}, m("5"), m("5")}};
    auto plan = plan_funds(std::vector<Booking>{}, lines);
    ASSERT_EQ(plan.subtypes.size(), 2u);
    EXPECT_EQ(plan.subtypes[0].subtype_id, kSub1);
    EXPECT_EQ(plan.subtypes[0].delta, m("5"));
    EXPECT_EQ(plan.subtypes[1].subtype_id, kSub2);
    ASSERT_EQ(plan.types.size(), 2u);
    EXPECT_EQ(plan.types[0].type_id, kTypeA);
    EXPECT_EQ(plan.types[0].spent_delta, m("8"));
    EXPECT_EQ(plan.types[0].reserved_delta, m("8"));
    EXPECT_TRUE(plan.types[0].direct_delta.is_zero());
    EXPECT_EQ(plan.types[1].type_id, kTypeB);
    EXPECT_EQ(plan.types[1].direct_delta, m("4"));
    // Releasing all of them nets to the exact opposite; releasing and taking the same is nothing.
    auto released = plan_funds(lines, std::vector<Booking>{});
    EXPECT_EQ(released.types[0].spent_delta, m("-8"));
    EXPECT_EQ(released.subtypes[1].reserved_delta, m("-3"));
    EXPECT_TRUE(plan_funds(lines, lines).empty());
}

TEST(Thresholds, CrossingsUpwardsOnly) {
    EXPECT_EQ(crossed_thresholds(m("100"), m("79.99"), m("80")), (std::vector<int>{80}));
    EXPECT_EQ(crossed_thresholds(m("100"), m("80"), m("90")), (std::vector<int>{}));  // already over
    EXPECT_EQ(crossed_thresholds(m("100"), m("50"), m("100")), (std::vector<int>{80, 100}));
    EXPECT_EQ(crossed_thresholds(m("100"), m("99.99"), m("100")), (std::vector<int>{100}));
    EXPECT_EQ(crossed_thresholds(m("100"), m("100"), m("50")), (std::vector<int>{}));  // decrease
    EXPECT_EQ(crossed_thresholds(m("0"), m("0"), m("10")), (std::vector<int>{}));
    // Back under and over again: a new crossing.
    EXPECT_EQ(crossed_thresholds(m("100"), m("70"), m("85")), (std::vector<int>{80}));
}

TEST(Usage, Figures) {
    auto sub = subtype_usage(m("100"), m("30"));
    EXPECT_EQ(sub.available, m("70"));
    EXPECT_TRUE(sub.reserved.is_zero());
    // Type 1000; subtypes carved 600 and spent 200 of it; 50 spent directly on the type.
    auto type = type_usage(m("1000"), m("600"), m("50"), m("250"));
    EXPECT_EQ(type.spent, m("250"));
    EXPECT_EQ(type.reserved, m("400"));
    EXPECT_EQ(type.available, m("350"));
    EXPECT_EQ(type.spent + type.reserved + type.available, type.allocated);
    EXPECT_TRUE(type.reserved_for_payments.is_zero());
    // Payment reservations are a part of spent, shown apart; they change no other figure.
    auto paying = type_usage(m("1000"), m("600"), m("50"), m("250"), m("30"));
    EXPECT_EQ(paying.reserved_for_payments, m("30"));
    EXPECT_EQ(paying.spent, m("250"));
    EXPECT_EQ(paying.available, type.available);
    EXPECT_EQ(subtype_usage(m("100"), m("30"), m("10")).reserved_for_payments, m("10"));
    EXPECT_EQ(subtype_usage(m("100"), m("30"), m("10")).available, m("70"));
}

}  // namespace
}  // namespace bh::budget
